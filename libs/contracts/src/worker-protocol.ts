import type { StoredFileRef } from './artifacts';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- named in doc links
import type { signEventMessage } from './worker-signing';
import type { JobEvent } from './job-event';
import type { JobSpec } from './job-spec';

/**
 * How the control plane and GPU workers talk (version 1). Summary:
 *
 * 1. A worker registers and heartbeats over REST: `PUT /api/v1/workers/{id}` with
 *    {@link WorkerRegistration}, then `POST /api/v1/workers/{id}/heartbeat` with {@link WorkerHeartbeat}
 *    every {@link HEARTBEAT_INTERVAL_MS}. The answer tells it its queue and whether it is cordoned.
 * 2. The control plane schedules each job on a worker that can hold it and adds it to that worker's
 *    BullMQ queue ({@link workerQueueName}, under the BullMQ prefix of {@link redisKeys}) with
 *    {@link TrainingJobData}; BullMQ job id = `${jobId}`.
 * 3. The worker prepares a work directory from the artifact store (verifying sha256), rewrites the
 *    spec's artifact keys to local paths, runs the trainer, and appends every event to the Redis
 *    stream `redisKeys(ns).eventsStream` as a {@link JobEventMessage}. Checkpoints are copied to the
 *    artifact store under `spec.output.checkpointDir` so any worker can resume the job.
 * 4. On `completed` the worker first uploads the output directory to `spec.output.dir` (a key) and
 *    then appends the `completed` event; the control plane registers the new model version.
 * 5. Cancel: the control plane publishes {@link JobControlMessage} on `redisKeys(ns).controlChannel`; the
 *    worker sends SIGTERM to the trainer (it checkpoints), SIGKILL after the grace period, and
 *    appends a `cancelled` event.
 *
 * Every Redis key lives under the installation's namespace (`REDIS_NAMESPACE`, {@link redisKeys}),
 * so installations sharing one Redis never see each other's events, cancels or jobs. A worker
 * sends its namespace when it registers; the control plane refuses one that differs.
 */
export const WORKER_PROTOCOL_VERSION = 1;

/** Each worker consumes its own queue, so a job only ever reaches a worker chosen to hold it. */
export function workerQueueName(workerId: string): string {
  return `alloy-training-${workerId}`;
}

export const JOB_EVENTS_GROUP = 'control-plane';

/** The namespace an installation uses when `REDIS_NAMESPACE` is not set. */
export const DEFAULT_REDIS_NAMESPACE = 'alloy';
/** Namespaces appear inside Redis keys: keep them to characters that need no escaping. */
export const REDIS_NAMESPACE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** The Redis keys of one installation. */
export interface RedisKeys {
  /** Stream of job events, worker -> control plane (consumer group {@link JOB_EVENTS_GROUP}). */
  eventsStream: string;
  /** Pub/sub channel for control messages, control plane -> workers. */
  controlChannel: string;
  /** BullMQ `prefix` of every queue (BullMQ's own default is `bull`, shared by everyone). */
  queuePrefix: string;
}

/** Every Redis key of the installation whose `REDIS_NAMESPACE` is `namespace`. */
export function redisKeys(namespace: string): RedisKeys {
  if (!REDIS_NAMESPACE_PATTERN.test(namespace)) {
    throw new Error(`not a Redis namespace: "${namespace}" (letters, digits, -_. ; 1-64)`);
  }
  return {
    eventsStream: `${namespace}:job-events`,
    controlChannel: `${namespace}:job-control`,
    queuePrefix: `${namespace}:bull`,
  };
}

export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A worker silent for longer is considered gone; its jobs are given to others. */
export const WORKER_TIMEOUT_MS = 30_000;

/** Worker ids appear in queue names and URLs. */
export const WORKER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface GpuInfo {
  index: number;
  name: string;
  memoryTotalMb: number;
  memoryUsedMb: number;
  utilizationPercent: number;
}

export interface WorkerRegistration {
  host: string;
  /** Empty for a CPU-only worker. */
  gpus: GpuInfo[];
  labels: Record<string, string>;
  /** Jobs the worker runs at once (a CPU worker: usually 1; a GPU worker: by free GPUs). */
  maxConcurrentJobs: number;
  protocolVersion: number;
  /** Job spec versions this worker accepts. */
  specVersions: number[];
  version: string;
  /** The worker's `REDIS_NAMESPACE`; the control plane answers 409 when it is not its own. */
  redisNamespace: string;
}

export interface WorkerHeartbeat {
  gpus: GpuInfo[];
  runningJobIds: string[];
  /** Checked like the registration's: a control plane restarted on another namespace answers 409. */
  redisNamespace: string;
}

/** What the control plane answers to a registration or a heartbeat. */
export interface WorkerAssignment {
  workerId: string;
  queue: string;
  cordoned: boolean;
  draining: boolean;
}

/** Data of a BullMQ job on a worker queue. Paths in `spec` are artifact-store keys. */
export interface TrainingJobData {
  protocolVersion: typeof WORKER_PROTOCOL_VERSION;
  jobId: string;
  spec: JobSpec;
  /** Expected files of the inputs, checked by sha256 after download. */
  inputs: {
    base?: { key: string; files: StoredFileRef[] } | null;
    datasets: { key: string; sha256: string }[];
  };
}

/** Events the worker adds to the trainer's own. */
export interface CancelledEvent {
  type: 'cancelled';
  time: string;
  /** Step of the last checkpoint kept, when there is one. */
  step?: number;
}

export type WorkerJobEvent = JobEvent | CancelledEvent;

/** One entry of the events stream (`redisKeys(ns).eventsStream`); every field is a string in Redis. */
export interface JobEventMessage {
  jobId: string;
  workerId: string;
  /** BullMQ attempt (1, 2, ...). */
  attempt: string;
  /** One per trainer launch; with `seq` it identifies an event, so redelivery stores it once. */
  runId: string;
  /** 0, 1, 2, ... within the run. */
  seq: string;
  /** JSON of a {@link WorkerJobEvent}; for `completed`, the manifest's files are under `spec.output.dir`. */
  event: string;
  /** The worker's signature over the fields above ({@link signEventMessage}). */
  signature?: string;
}

/** What a worker gets for its join token: its own credential and its signing key. */
export interface WorkerCredential {
  workerId: string;
  /** `alloy_wk_...`: the bearer token of every later request of this worker. */
  token: string;
  /** Signs the worker's events and verifies the jobs queued for it (base64url). */
  signingKey: string;
}

export interface JobControlMessage {
  type: 'cancel';
  jobId: string;
}
