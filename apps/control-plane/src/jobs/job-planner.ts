import {
  type DatasetFormat,
  type DatasetKind,
  type DatasetRole,
  type JobKind,
  type JobSpec,
  JOB_SPEC_VERSION,
  type TrainingJobData,
  WORKER_PROTOCOL_VERSION,
  defaultHyperparameters,
  loadableModel,
  validateJobSpec,
} from '@alloy/contracts';
import {
  BaseModelEntity,
  DatasetVersionEntity,
  type JobDatasetRef,
  type JobEntity,
  ModelEntity,
  ModelVersionEntity,
} from '@alloy/db';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import type { JobStepDto } from './dto/create-job.dto';
import { JobErrorCode } from './jobs.errors';
import { isParallelismProblem, planParallelism } from './parallelism';

/** Dataset kind each job kind trains on. */
const TRAIN_KIND: Record<JobKind, 'corpus' | 'chat' | null> = {
  pretrain: 'corpus',
  continued_pretraining: 'corpus',
  sft: 'chat',
  evaluate: null,
  export: null,
};

/** What a step's dataset list asks of each of its datasets. */
type StepRole = 'train' | 'replay' | 'eval' | 'general_eval' | 'safety_eval';

/** Roles an evaluate job measures. */
const EVALUATED_ROLES: ReadonlySet<DatasetRole> = new Set([
  'eval',
  'mc_eval',
  'general_eval',
  'safety_eval',
]);

/** Why a dataset of `datasetKind` cannot play `role` in a `kind` job, or null when it can. */
function kindProblem(kind: JobKind, role: StepRole, datasetKind: DatasetKind): string | null {
  switch (role) {
    case 'train':
      if (datasetKind === TRAIN_KIND[kind]) return null;
      return TRAIN_KIND[kind]
        ? `a ${kind} job trains on ${TRAIN_KIND[kind]} datasets, not ${datasetKind}`
        : `a ${kind} job takes no training data`;
    case 'replay':
      return datasetKind === 'corpus' ? null : `replay data must be a corpus, not ${datasetKind}`;
    case 'eval':
      return datasetKind === 'safety' && kind !== 'evaluate'
        ? 'only an evaluate job measures safety prompts'
        : null;
    case 'general_eval':
      return datasetKind === 'corpus'
        ? null
        : `general text to measure forgetting must be a corpus, not ${datasetKind}`;
    case 'safety_eval':
      return datasetKind === 'safety'
        ? null
        : `safety data must be a safety dataset, not ${datasetKind}`;
  }
}

/** The spec role of a dataset: eval data takes the role its kind is measured by. */
function datasetRole(role: StepRole, datasetKind: DatasetKind): DatasetRole {
  if (role !== 'eval') return role;
  if (datasetKind === 'multiple_choice') return 'mc_eval';
  if (datasetKind === 'safety') return 'safety_eval';
  return 'eval';
}

/** The spec format of a role when the dataset's kind is not at hand (the request probe). */
const PROBE_FORMAT: Record<DatasetRole, DatasetFormat> = {
  train: 'corpus',
  replay: 'corpus',
  eval: 'corpus',
  general_eval: 'corpus',
  mc_eval: 'multiple_choice',
  safety_eval: 'safety',
};

/** The dataset kind a job kind trains on; null for kinds that produce no trained version. */
export function trainsOn(kind: JobKind): 'corpus' | 'chat' | null {
  return TRAIN_KIND[kind];
}

export interface PlannedJob {
  kind: JobKind;
  method: JobEntity['method'];
  datasets: JobDatasetRef[];
  hyperparameters: Record<string, unknown>;
  resources: JobEntity['resources'];
  precision: JobEntity['precision'];
  parallelism: Record<string, unknown>;
  maxAttempts: number;
}

/** Keys of a job's files on the artifact store. */
export const jobOutputKey = (jobId: string) => `jobs/${jobId}/output`;
export const jobCheckpointKey = (jobId: string) => `jobs/${jobId}/checkpoints`;

function bad(code: JobErrorCode, field: string, message: string): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, code, `${field}: ${message}`, [{ field, message }]);
}

/** Checks a job request against the registry, and turns a stored job into the spec a worker runs. */
@Injectable()
export class JobPlanner {
  /** Validates one step (`prefix` names it inside a pipeline, e.g. `steps.1.`). */
  async plan(
    manager: EntityManager,
    step: JobStepDto,
    prefix = '',
    defaultMaxAttempts = 3,
  ): Promise<PlannedJob> {
    const kind = step.kind;
    const method = step.method ?? 'full';
    if (kind === 'pretrain' && method !== 'full') {
      throw bad(
        JobErrorCode.INVALID_JOB,
        `${prefix}method`,
        'pretraining from scratch trains every weight: use "full"',
      );
    }
    const roles: [string[] | undefined, StepRole, string][] = [
      [step.datasetVersionIds, 'train', 'datasetVersionIds'],
      [step.replayDatasetVersionIds, 'replay', 'replayDatasetVersionIds'],
      [step.evalDatasetVersionIds, 'eval', 'evalDatasetVersionIds'],
      [step.generalEvalDatasetVersionIds, 'general_eval', 'generalEvalDatasetVersionIds'],
      [step.safetyDatasetVersionIds, 'safety_eval', 'safetyDatasetVersionIds'],
    ];
    const evalSplit = step.evalSplit ?? 'heldout';
    const ids = [...new Set(roles.flatMap(([list]) => list ?? []))];
    const found = ids.length
      ? await manager.find(DatasetVersionEntity, {
          where: { id: In(ids) },
          relations: { dataset: true },
        })
      : [];
    const byId = new Map(found.map((d) => [d.id, d]));
    const datasets: JobDatasetRef[] = [];
    for (const [list, role, field] of roles) {
      if (
        list?.length &&
        (role === 'general_eval' || role === 'safety_eval') &&
        kind !== 'evaluate'
      )
        throw bad(
          JobErrorCode.INVALID_JOB,
          `${prefix}${field}`,
          `only an evaluate job measures ${role === 'general_eval' ? 'general text' : 'safety prompts'}`,
        );
      for (const [i, id] of (list ?? []).entries()) {
        const version = byId.get(id);
        const at = `${prefix}${field}.${i}`;
        if (!version) {
          throw new ApiError(
            HttpStatus.NOT_FOUND,
            JobErrorCode.DATASET_VERSION_NOT_FOUND,
            `${at}: dataset version "${id}" not found`,
            [{ field: at, message: 'not found' }],
          );
        }
        if (version.status !== 'ready' || !version.artifactKey) {
          throw bad(
            JobErrorCode.DATASET_NOT_READY,
            at,
            `dataset version is ${version.status}, not ready`,
          );
        }
        const datasetKind = version.dataset!.kind;
        const problem = kindProblem(kind, role, datasetKind);
        if (problem) throw bad(JobErrorCode.WRONG_DATASET_KIND, at, problem);
        const finalRole = datasetRole(role, datasetKind);
        datasets.push(
          datasetKind === 'corpus' && (finalRole === 'eval' || finalRole === 'general_eval')
            ? { versionId: id, role: finalRole, split: evalSplit }
            : { versionId: id, role: finalRole },
        );
      }
    }
    if (TRAIN_KIND[kind] && !datasets.some((d) => d.role === 'train')) {
      throw bad(
        JobErrorCode.INVALID_JOB,
        `${prefix}datasetVersionIds`,
        `a ${kind} job needs at least one ${TRAIN_KIND[kind]} dataset`,
      );
    }
    if (kind === 'evaluate' && !datasets.some((d) => EVALUATED_ROLES.has(d.role))) {
      throw bad(
        JobErrorCode.INVALID_JOB,
        `${prefix}evalDatasetVersionIds`,
        'an evaluate job needs evaluation data (eval, general eval or safety datasets)',
      );
    }
    const hyperparameters: Record<string, unknown> = {
      ...defaultHyperparameters(kind, method),
      ...(step.hyperparameters ?? {}),
    };
    if (datasets.some((d) => d.role === 'replay') && hyperparameters.replayRatio === undefined)
      hyperparameters.replayRatio = 0.1;
    const resources = { ...(step.resources ?? {}) };
    const parallel = planParallelism(
      resources,
      step.parallelism ?? {},
      hyperparameters,
      step.hyperparameters?.batchSize === undefined,
    );
    if (isParallelismProblem(parallel)) {
      throw bad(JobErrorCode.INVALID_JOB, `${prefix}${parallel.field}`, parallel.message);
    }
    if (parallel.batchSize !== undefined) hyperparameters.batchSize = parallel.batchSize;
    const planned: PlannedJob = {
      kind,
      method,
      datasets,
      hyperparameters,
      resources,
      precision: step.precision ?? 'fp32',
      parallelism: parallel.parallelism,
      maxAttempts: step.maxAttempts ?? defaultMaxAttempts,
    };
    // The shared JSON Schema checks what the registry cannot (hyperparameter names, types, ranges).
    const probe = validateJobSpec(
      this.specShape(
        '00000000-0000-4000-8000-000000000000',
        planned,
        'base',
        datasets.map(() => 'data'),
      ),
    );
    if (!probe.ok) {
      const problems = probe.errors.map((e) => ({
        field: `${prefix}${e.field}`,
        message: e.message,
      }));
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        problems,
      );
    }
    return planned;
  }

  private specShape(
    jobId: string,
    job: PlannedJob,
    baseKey: string | null,
    datasetKeys: string[],
    extra: Partial<JobSpec> = {},
  ): JobSpec {
    return {
      specVersion: JOB_SPEC_VERSION,
      jobId,
      kind: job.kind,
      method: job.method,
      base: baseKey ? { path: baseKey } : null,
      datasets: job.datasets.map((d, i) => ({
        versionId: d.versionId,
        path: datasetKeys[i] ?? 'data',
        role: d.role,
        format: PROBE_FORMAT[d.role],
        ...(d.split ? { split: d.split } : {}),
      })),
      hyperparameters: job.hyperparameters,
      resources: job.resources,
      precision: job.precision,
      parallelism: job.parallelism,
      output: { dir: jobOutputKey(jobId), checkpointDir: jobCheckpointKey(jobId) },
      ...extra,
    };
  }

  /** The queue payload for a job, with artifact-store keys; base is the version (or base model) to start from. */
  async trainingData(manager: EntityManager, job: JobEntity): Promise<TrainingJobData> {
    const datasetRows = await manager.find(DatasetVersionEntity, {
      where: { id: In(job.datasets.map((d) => d.versionId)) },
      relations: { dataset: true },
    });
    const rows = new Map(datasetRows.map((d) => [d.id, d]));
    const model = job.model ?? (await manager.findOneByOrFail(ModelEntity, { id: job.modelId }));
    let base: { key: string; versionId: string | null; files: BaseModelEntity['files'] } | null =
      null;
    let modelConfig: Record<string, unknown> | undefined;
    const baseModel = await manager.findOneByOrFail(BaseModelEntity, { id: model.baseModelId });
    if (job.baseVersionId) {
      const version = await manager.findOneByOrFail(ModelVersionEntity, { id: job.baseVersionId });
      // a LoRA version trains on from its merged model
      const loadable = loadableModel(version.artifactKey, version.files);
      base = { key: loadable.key, versionId: version.id, files: loadable.files };
    } else if (job.kind === 'pretrain') {
      modelConfig = baseModel.config;
    } else {
      base = { key: baseModel.artifactKey, versionId: null, files: baseModel.files };
    }
    const spec = this.specShape(
      job.id,
      job,
      base?.key ?? null,
      job.datasets.map((d) => rows.get(d.versionId)?.artifactKey ?? ''),
    );
    spec.base = base ? { versionId: base.versionId, path: base.key } : null;
    if (modelConfig) {
      spec.modelConfig = modelConfig;
      spec.tokenizer = { train: true };
    }
    spec.datasets = job.datasets.map((d) => {
      const row = rows.get(d.versionId)!;
      return {
        versionId: d.versionId,
        path: row.artifactKey!,
        sha256: row.sha256 ?? undefined,
        role: d.role,
        format: row.dataset!.kind,
        ...(d.split ? { split: d.split } : {}),
      };
    });
    return {
      protocolVersion: WORKER_PROTOCOL_VERSION,
      jobId: job.id,
      spec,
      inputs: {
        base: base ? { key: base.key, files: base.files } : null,
        datasets: spec.datasets.map((d) => ({ key: d.path, sha256: d.sha256 ?? '' })),
      },
    };
  }
}
