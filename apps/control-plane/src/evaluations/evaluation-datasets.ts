import type { DatasetRole } from '@alloy/contracts';
import { EvaluationEntity, type EvaluationDatasetRef, type JobDatasetRef } from '@alloy/db';
import type { EntityManager } from 'typeorm';

/** Roles an evaluation measures (training data of a job is not part of what it evaluated). */
export const EVALUATED_ROLES: ReadonlySet<DatasetRole> = new Set([
  'eval',
  'mc_eval',
  'general_eval',
  'safety_eval',
]);

/** What an evaluate job measured, in a canonical order; a dataset without a split is read whole. */
export function evaluationDatasets(datasets: readonly JobDatasetRef[]): EvaluationDatasetRef[] {
  return datasets
    .filter((d) => EVALUATED_ROLES.has(d.role))
    .map((d) => ({ versionId: d.versionId, role: d.role, split: d.split ?? 'all' }))
    .sort((a, b) => datasetKey([a]).localeCompare(datasetKey([b])));
}

/** Equal for two evaluations on the same datasets, roles and splits, whatever their order. */
export function datasetKey(datasets: readonly EvaluationDatasetRef[]): string {
  return datasets
    .map((d) => `${d.role}:${d.versionId}:${d.split}`)
    .sort()
    .join(',');
}

/** What was evaluated: a model version, or a base model (a job that started from no version). */
export type EvaluationSubject = { versionId: string } | { baseModelId: string };

/**
 * The subject's latest evaluation, on exactly `datasets` when given. Evaluations of a base model
 * are an organisation's own (each tenant evaluates on its own data).
 */
export async function latestEvaluation(
  manager: EntityManager,
  organizationId: string,
  subject: EvaluationSubject,
  datasets?: readonly EvaluationDatasetRef[],
): Promise<EvaluationEntity | null> {
  const rows = await manager.find(EvaluationEntity, {
    where:
      'versionId' in subject
        ? { organizationId, modelVersionId: subject.versionId }
        : { organizationId, baseModelId: subject.baseModelId },
    order: { createdAt: 'DESC', id: 'DESC' },
    take: datasets ? 200 : 1,
  });
  if (!datasets) return rows[0] ?? null;
  const key = datasetKey(datasets);
  return rows.find((row) => datasetKey(row.datasets) === key) ?? null;
}
