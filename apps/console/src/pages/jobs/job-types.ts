import type { Job } from '@alloy/sdk/types';

/** The fields of the control plane's JobDto the SDK's `Job` type leaves to its index signature. */
export interface JobDetail extends Job {
  datasets: { versionId: string; role: string }[];
  pipelineId: string | null;
  dependsOnJobId: string | null;
  unschedulableReason: string | null;
  lastCheckpointStep: number | null;
  cancelRequestedAt: string | null;
  transitions: { from: string | null; to: string; reason: string; at: string }[];
}

export interface Pipeline {
  id: string;
  /** The steps, in order. */
  jobs: JobDetail[];
}

/** A point of GET /jobs/:id/metrics, or of a `metrics` event. */
export interface MetricPoint {
  step: number;
  loss: number;
  lr?: number | null;
  tokensPerSecond?: number | null;
  evalLoss?: number | null;
}

export const JOB_STATUSES = [
  'queued',
  'scheduled',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export const FINISHED = ['succeeded', 'failed', 'cancelled'];

export const JOB_KIND_LABELS: Record<string, string> = {
  pretrain: 'pretraining',
  continued_pretraining: 'continued pretraining',
  sft: 'instruction tuning (SFT)',
  evaluate: 'evaluation',
  export: 'export',
};

export const canCancel = (status: string) => !FINISHED.includes(status);
export const canRetry = (status: string) => status === 'failed' || status === 'cancelled';
