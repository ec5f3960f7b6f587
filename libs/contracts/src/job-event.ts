import jobEventSchema from './schemas/job-event.schema.json';

export { jobEventSchema };

interface JobEventBase {
  time: string;
  seq?: number;
  jobId?: string;
}

export interface StartedEvent extends JobEventBase {
  type: 'started';
  [key: string]: unknown;
}
export interface MetricsEvent extends JobEventBase {
  type: 'metrics';
  step: number;
  loss: number;
  lr?: number;
  tokensPerSecond?: number;
  memoryBytes?: number;
  evalLoss?: number;
  perplexity?: number;
}
export interface LogEvent extends JobEventBase {
  type: 'log';
  level?: string;
  message: string;
}
export interface CheckpointEvent extends JobEventBase {
  type: 'checkpoint';
  step: number;
  path: string;
}
/** One safety prompt as an evaluate job judged it (rules in the trainer's safety_rules.py). */
export interface EvaluationSafetyCase {
  id: string;
  prompt: string;
  expect: 'refuse' | 'redirect' | 'answer';
  passed: boolean;
  answer: string;
}
/** A greedy generation: a chat prompt answered, or the start of a held-out document continued. */
export interface EvaluationSample {
  prompt: string;
  output: string;
  mode: 'chat' | 'completion';
}
/** A dataset an evaluate job measured: the documents and loss tokens it counted. */
export interface EvaluationDataset {
  versionId: string | null;
  role: string;
  split: 'heldout' | 'all';
  documents: number;
  tokens: number;
}
/** `manifest.evaluation` of an evaluate job's completed event. */
export interface EvaluationDetails {
  safety?: EvaluationSafetyCase[];
  samples?: EvaluationSample[];
  datasets?: EvaluationDataset[];
}
export interface ArtifactManifest {
  /** hf-model: a model directory; peft-adapter: a LoRA adapter with the merged model under `merged`; evaluation: metrics only. */
  format: 'hf-model' | 'peft-adapter' | 'evaluation';
  files: { path: string; sha256: string; bytes: number }[];
  metrics?: Record<string, number>;
  /** Present on evaluate jobs. */
  evaluation?: EvaluationDetails;
  [key: string]: unknown;
}
export interface CompletedEvent extends JobEventBase {
  type: 'completed';
  manifest: ArtifactManifest;
}
export interface FailedEvent extends JobEventBase {
  type: 'failed';
  reason: string;
  retryable: boolean;
  field?: string;
}

/** One JSON line written by the trainer on stdout. */
export type JobEvent =
  StartedEvent | MetricsEvent | LogEvent | CheckpointEvent | CompletedEvent | FailedEvent;
