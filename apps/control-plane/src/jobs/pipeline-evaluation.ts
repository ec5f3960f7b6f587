import type { DatasetKind } from '@alloy/contracts';
import type { ModelEntity } from '@alloy/db';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { evaluationDatasets, latestEvaluation } from '../evaluations/evaluation-datasets';
import type { CreatePipelineDto, JobStepDto } from './dto/create-job.dto';
import { JobPlanner, type PlannedJob, trainsOn } from './job-planner';

/** The domain whose corpora measure forgetting (seeded as "General text"). */
export const GENERAL_DOMAIN = 'general';

// At most as many as a step may list; the most recently created datasets first.
const MAX_DEFAULT_DATASETS = 32;

const LATEST_READY_SQL = `
  SELECT latest.id FROM (
    SELECT DISTINCT ON (dv.dataset_id) dv.id, d.created_at, d.name
    FROM dataset_versions dv
    JOIN datasets d ON d.id = dv.dataset_id
    JOIN domains dm ON dm.id = d.domain_id
    WHERE d.organization_id = $1 AND dm.name = $2 AND d.kind = $3
      AND dv.status = 'ready' AND dv.artifact_key IS NOT NULL
    ORDER BY dv.dataset_id, dv.version DESC
  ) latest
  ORDER BY latest.created_at DESC, latest.name
  LIMIT ${MAX_DEFAULT_DATASETS}`;

/**
 * The evaluate jobs a pipeline gets: what they measure (the request's lists, or defaults from the
 * training steps and the organisation's datasets of the model's domain and of `general`).
 */
@Injectable()
export class PipelineEvaluationPlanner {
  constructor(private readonly planner: JobPlanner) {}

  /** The evaluate step's datasets, or null when there is nothing to measure. */
  async datasets(
    manager: EntityManager,
    model: ModelEntity,
    input: CreatePipelineDto,
  ): Promise<Pick<
    JobStepDto,
    'evalDatasetVersionIds' | 'generalEvalDatasetVersionIds' | 'safetyDatasetVersionIds'
  > | null> {
    const given = input.evaluation ?? {};
    const latest = async (domain: string, kind: DatasetKind) =>
      (
        await manager.query<{ id: string }[]>(LATEST_READY_SQL, [
          model.organizationId,
          domain,
          kind,
        ])
      ).map((r) => r.id);
    const domain = model.domain!.name;
    let evalIds = given.evalDatasetVersionIds;
    if (!evalIds) {
      const trained = [
        ...new Set(
          input.steps
            .filter((s) => trainsOn(s.kind) === 'corpus')
            .flatMap((s) => s.datasetVersionIds ?? []),
        ),
      ];
      evalIds = [
        ...(trained.length ? trained : await latest(domain, 'corpus')),
        ...(await latest(domain, 'multiple_choice')),
      ];
    }
    const generalIds =
      given.generalEvalDatasetVersionIds ?? (await latest(GENERAL_DOMAIN, 'corpus'));
    const safetyIds = given.safetyDatasetVersionIds ?? (await latest(domain, 'safety'));
    if (!evalIds.length && !generalIds.length && !safetyIds.length) return null;
    return {
      evalDatasetVersionIds: evalIds,
      generalEvalDatasetVersionIds: generalIds,
      safetyDatasetVersionIds: safetyIds,
    };
  }

  /** An evaluate job measuring `datasets`, on the resources of the training step it follows (one GPU at most). */
  plan(
    manager: EntityManager,
    datasets: NonNullable<Awaited<ReturnType<PipelineEvaluationPlanner['datasets']>>>,
    step: JobStepDto,
    maxAttempts: number,
  ): Promise<PlannedJob> {
    const gpus = Math.min(step.resources?.gpus ?? 0, 1);
    return this.planner.plan(
      manager,
      {
        kind: 'evaluate',
        ...datasets,
        evalSplit: 'heldout',
        precision: step.precision,
        resources: gpus
          ? {
              gpus,
              ...(step.resources?.gpuMemoryGb ? { gpuMemoryGb: step.resources.gpuMemoryGb } : {}),
            }
          : {},
      },
      'evaluation.',
      maxAttempts,
    );
  }

  /** Whether the pipeline's start (a version, or the base model) was evaluated on these datasets. */
  async startEvaluated(
    manager: EntityManager,
    model: ModelEntity,
    baseVersionId: string | null,
    planned: PlannedJob,
  ): Promise<boolean> {
    const found = await latestEvaluation(
      manager,
      model.organizationId,
      baseVersionId ? { versionId: baseVersionId } : { baseModelId: model.baseModelId },
      evaluationDatasets(planned.datasets),
    );
    return found !== null;
  }
}
