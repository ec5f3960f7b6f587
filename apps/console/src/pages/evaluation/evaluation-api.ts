import type { ControlPlaneComponents, ModelVersion } from '@alloy/sdk/types';
import { useQuery } from '@tanstack/react-query';
import { authHeaders, request } from '../../api/api-client';
import { ApiProblem } from '../../api/api-error';

export interface ConsoleConfig {
  inferenceUrl: string;
}

/** GET {inferenceUrl}/v1/models/{model}/plugins (the model server's ModelPlugins). */
export interface ModelPlugins {
  model: string;
  version: number;
  plugins: { id: string; version: string }[];
  tools: { name: string; description: string; plugin: string }[];
  evaluators: { name: string; description: string; plugin: string }[];
}

/** POST {inferenceUrl}/v1/models/{model}/evaluations (the model server's ModelEvaluation). */
export interface EvaluationRun {
  model: string;
  version: number;
  evaluator: string;
  plugin: string;
  metrics: Record<string, number>;
  cases: number;
  failures: number;
}

export interface Lineage {
  version: ModelVersion;
  /** Parent first, then its parent: the last one is the root the model was trained from. */
  ancestors: { id: string; version: number; model: string }[];
}

/** A call to the model server, which answers errors in the control plane's shape. */
export async function inference<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...authHeaders(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await ApiProblem.from(response);
  return (await response.json()) as T;
}

/** A model version by id, read once an id is known. */
export function useVersion(id: string | null) {
  return useQuery({
    queryKey: ['model-versions', id],
    queryFn: () =>
      request<ModelVersion>('GET', `/api/v1/model-versions/${encodeURIComponent(id!)}`),
    enabled: !!id,
  });
}

type Schemas = ControlPlaneComponents['schemas'];
/** GET /api/v1/models/{name}/versions/{n}/evaluation: the version beside its parent and base. */
export type VersionEvaluationReport = Schemas['VersionEvaluationDto'];
export type StoredEvaluation = Schemas['EvaluationDto'];
export type EvaluationComparison = Schemas['EvaluationComparisonDto'];
export type MetricDelta = Schemas['MetricDeltaDto'];
export type GateOverride = Schemas['GateOverrideDto'];

/** The stored evaluation of a version, its parent's and base's with deltas, and its gate. */
export function useVersionEvaluation(model: string, version: number) {
  return useQuery({
    queryKey: ['models', model, 'versions', version, 'evaluation'],
    queryFn: () =>
      request<VersionEvaluationReport>(
        'GET',
        `/api/v1/models/${encodeURIComponent(model)}/versions/${version}/evaluation`,
      ),
  });
}
