import type { ArtifactStore, StoredFile } from '@alloy/artifact-store';
import type { CompletedEvent } from '@alloy/contracts';
import { EvaluationEntity, type JobEntity, ModelEntity, ModelVersionEntity } from '@alloy/db';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { runAsSystem } from '../auth/auth-context';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { evaluationDatasets } from '../evaluations/evaluation-datasets';
import { ModelVersionsService } from '../model-versions/model-versions.service';
import { jobOutputKey } from './job-planner';
import { manifestPathProblem } from './manifest-paths';

export interface PreparedResult {
  /** The job's output directory: a model, or a LoRA adapter with its merged model (see loadableModel). */
  key: string;
  files: StoredFile[];
}

/** Turns a finished job's output into a registered model version with its lineage. */
@Injectable()
export class JobCompletionService {
  constructor(
    private readonly versions: ModelVersionsService,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
  ) {}

  /**
   * Hashes the output outside any transaction: weights can be large. Throws (the job then fails
   * with the reason, and nothing is registered) when the manifest names a file outside the job's
   * output directory, a file the stored output lacks, or a file whose sha256 differs.
   */
  async prepare(
    job: Pick<JobEntity, 'id' | 'kind'>,
    event: CompletedEvent,
  ): Promise<PreparedResult | null> {
    const manifestFiles = Array.isArray(event.manifest.files) ? event.manifest.files : [];
    const outside = manifestPathProblem(manifestFiles);
    if (outside) throw new Error(outside);
    if (job.kind === 'evaluate') return null;
    const key = jobOutputKey(job.id);
    const files = await this.store.listFiles(key);
    const stored = new Set(files.map((f) => f.path));
    const missing = manifestFiles.filter((f) => !stored.has(f.path));
    if (missing.length)
      throw new Error(
        `the trainer's manifest names files the job's stored output lacks: ${missing.map((f) => f.path).join(', ')}`,
      );
    const expected = new Map(manifestFiles.map((f) => [f.path, f.sha256]));
    const mismatched = files.filter(
      (f) => expected.has(f.path) && expected.get(f.path) !== f.sha256,
    );
    if (mismatched.length)
      throw new Error(
        `output files differ from the trainer's manifest: ${mismatched.map((f) => f.path).join(', ')}`,
      );
    return { key, files };
  }

  /**
   * An evaluate job's result: an evaluation of the version it started from (its metrics also merged
   * into the version's), or of the model's base model when it started from no version.
   */
  private async recordEvaluation(
    manager: EntityManager,
    job: JobEntity,
    event: CompletedEvent,
    metrics: Record<string, number>,
  ): Promise<void> {
    let baseModelId: string | null = null;
    if (job.baseVersionId) {
      const base = await manager.findOneByOrFail(ModelVersionEntity, { id: job.baseVersionId });
      await manager.update(
        ModelVersionEntity,
        { id: base.id },
        { metrics: { ...base.metrics, ...metrics } },
      );
    } else {
      baseModelId = (await manager.findOneByOrFail(ModelEntity, { id: job.modelId })).baseModelId;
    }
    const details = event.manifest.evaluation;
    await manager
      .createQueryBuilder()
      .insert()
      .into(EvaluationEntity)
      .values({
        organizationId: job.organizationId,
        jobId: job.id,
        modelVersionId: job.baseVersionId,
        baseModelId,
        datasets: evaluationDatasets(job.datasets),
        metrics,
        details: details && typeof details === 'object' && !Array.isArray(details) ? details : {},
      })
      .orIgnore()
      .execute();
  }

  /** In the ingestion transaction: a new version (train jobs) or an evaluation (evaluate jobs). */
  async register(
    manager: EntityManager,
    job: JobEntity,
    event: CompletedEvent,
    prepared: PreparedResult | null,
  ): Promise<string | null> {
    const metrics = Object.fromEntries(
      Object.entries(event.manifest.metrics ?? {}).filter(
        (entry): entry is [string, number] => typeof entry[1] === 'number',
      ),
    );
    if (!prepared) {
      await this.recordEvaluation(manager, job, event, metrics);
      return null;
    }
    const model = await manager.findOneByOrFail(ModelEntity, { id: job.modelId });
    const version = await runAsSystem(`job:${job.id}`, job.organizationId, () =>
      this.versions.insertVersion(
        manager,
        { actor: `job:${job.id}`, requestId: null, organizationId: job.organizationId },
        model.name,
        {
          artifactPath: prepared.key,
          parentVersionId: job.baseVersionId ?? undefined,
          jobId: job.id,
          datasetVersionIds: job.datasets.map((d) => d.versionId),
          metrics,
          hyperparameters: {
            kind: job.kind,
            method: job.method,
            precision: job.precision,
            ...job.hyperparameters,
          },
          status: 'ready',
          description: `${job.kind} (${job.method}) by job ${job.id}`,
        },
        prepared.key,
        prepared.files,
      ),
    );
    return version.id;
  }
}
