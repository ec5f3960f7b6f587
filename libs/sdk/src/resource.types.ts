// The shapes of the control plane's answers that the client's convenience methods return. The
// control plane's document describes its request bodies but not yet its responses, so these are
// written by hand from its DTOs; `.api` gives the raw, generated typing of every path.
import type { components } from './generated/control-plane';

/** The authenticated caller: who a key belongs to, its organisation, role and scopes. */
export type Principal = components['schemas']['PrincipalDto'];
/** The body of `createJob`. */
export type CreateJobInput = components['schemas']['CreateJobDto'];
/** The body of `deploy`. */
export type CreateDeploymentInput = components['schemas']['CreateDeploymentDto'];
/** The body of `promote`: the version and, optionally, the alias that follows it. */
export type PromoteInput = components['schemas']['PromoteVersionDto'];
/** The body that creates a dataset. */
export type CreateDatasetInput = components['schemas']['CreateDatasetDto'];
/**
 * A version's evaluation beside its parent's and its base model's (deltas and verdicts), the
 * promotion gate's checks for production, and the overrides of it.
 */
export type VersionEvaluation = components['schemas']['VersionEvaluationDto'];
/** An admin's move of an alias past a failing promotion gate: who, why, which checks. */
export type GateOverride = components['schemas']['GateOverrideDto'];

/** A page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** Cursor, size and order of a list. */
export interface PageOptions {
  limit?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
}

/** A field of knowledge: finance, medical, education. */
export interface Domain {
  id: string;
  name: string;
  displayName: string;
  description: string;
  createdAt: string;
}

/** A domain model: a name over the versions trained from a base model. */
export interface Model {
  id: string;
  name: string;
  description: string;
  domain: string;
  baseModel: string;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The highest-numbered version with its aliases; null before the first. */
  latestVersion?: ModelLatestVersion | null;
}

/** A model's highest-numbered version, as the model list carries it. */
export interface ModelLatestVersion {
  version: number;
  status: string;
  aliases: string[];
}

/** One immutable version of a model. */
export interface ModelVersion {
  id: string;
  model: string;
  version: number;
  parentVersionId: string | null;
  jobId: string | null;
  datasetVersionIds: string[];
  status: string;
  metrics: Record<string, number>;
  hyperparameters: Record<string, unknown>;
  description: string;
  aliases: string[];
  /** Each time an admin moved an alias to it past a failing promotion gate. */
  gateOverrides: GateOverride[];
  createdAt: string;
  updatedAt: string;
}

/** A named collection of dataset versions of one kind. */
export interface Dataset {
  id: string;
  name: string;
  kind: string;
  domain: string;
  description: string;
  latestVersion: number | null;
  /** The newest version with its status and record count; null before the first. */
  latest?: DatasetLatestVersion | null;
  createdAt: string;
  updatedAt: string;
}

/** A dataset's newest version, as the dataset list carries it. */
export interface DatasetLatestVersion {
  version: number;
  status: string;
  recordCount: number | null;
}

/** How far ingestion has read an upload. */
export interface IngestionProgress {
  bytesRead: number;
  totalBytes: number | null;
  recordsIn: number;
  recordsOut: number;
}

/** Counts of the records a quality rule rejected. */
export interface RejectionStats {
  count: number;
  [key: string]: unknown;
}

/** What ingestion did with an upload: records kept and rejected (by reason), duplicates, PII. */
export interface IngestionReport {
  recordsIn: number;
  recordsOut: number;
  converted: number;
  rejected: { total: number; byReason: Record<string, RejectionStats> };
  duplicates: { exact: { count: number }; near: { count: number } };
  pii: { total: number; recordsAffected: number; byType: Record<string, number> };
  tokens: { total: number; [key: string]: unknown };
  warnings: string[];
  [key: string]: unknown;
}

/** One uploaded version of a dataset, its ingestion status and, once ready, its report. */
export interface DatasetVersion {
  id: string;
  dataset: string;
  kind: string;
  version: number;
  status: 'uploaded' | 'processing' | 'ready' | 'failed' | (string & {});
  sourceBytes: number | null;
  recordCount: number | null;
  error: string | null;
  progress: IngestionProgress | null;
  report: IngestionReport | null;
  createdAt: string;
}

/** A training or evaluation job. */
export interface Job {
  id: string;
  model: string;
  kind: string;
  method: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | (string & {});
  baseVersionId: string | null;
  hyperparameters: Record<string, unknown>;
  precision: string;
  workerId: string | null;
  attempts: number;
  maxAttempts: number;
  failureReason: string | null;
  resultVersionId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  [key: string]: unknown;
}

/** One event a job's trainer sent: started, metrics, log, checkpoint, completed, failed. */
export interface JobEvent {
  position: number;
  type: 'started' | 'metrics' | 'log' | 'checkpoint' | 'completed' | 'failed' | (string & {});
  attempt: number;
  workerId: string;
  time: string;
  payload: Record<string, unknown>;
}

/** The last item of `watchJob`: the job's final status and the version it produced. */
export interface JobEnd {
  type: 'end';
  status: string;
  resultVersionId: string | null;
}

/** The share of a deployment's traffic one version takes. */
export interface TrafficShare {
  versionId: string;
  version: number;
  weight: number;
}

/** A served model: traffic weights over its versions, with its revision history. */
export interface Deployment {
  id: string;
  name: string;
  model: string;
  currentRevision: number;
  traffic: TrafficShare[];
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

/** An installed plugin and whether this organisation has it enabled. */
/** Where to run a plugin, at which version, with which configuration. */
export interface PluginEnablementInput {
  scope: 'organization' | 'domain' | 'model';
  domain?: string;
  model?: string;
  /** An installed version; default the latest. */
  version?: string;
  /** Checked against the plugin's configuration schema; its defaults fill the rest. */
  config?: Record<string, unknown>;
  /** Plugins run in ascending position. */
  position?: number;
}

/** A plugin enabled somewhere: `scope` is `organization`, `domain:<name>` or `model:<name>`. */
export interface PluginEnablement {
  id: string;
  scope: string;
  version: string;
  config: Record<string, unknown>;
  position: number;
  enabledBy: string;
  updatedAt: string;
}

export interface Plugin {
  id: string;
  displayName?: string;
  description?: string;
  /** The domains it applies to; empty: any. */
  domains: string[];
  latestVersion: string;
  state: 'enabled' | 'installed';
  versions: Record<string, unknown>[];
  enablements: PluginEnablement[];
}
