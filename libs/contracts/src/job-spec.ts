import type { JobKind, Precision, TrainingMethod } from './enums';
import jobSpecSchema from './schemas/job-spec.schema.json';

export { jobSpecSchema };

export const JOB_SPEC_VERSION = 1;

/** general_eval: general text measured to catch forgetting; safety_eval: safety prompts. */
export type DatasetRole = 'train' | 'replay' | 'eval' | 'mc_eval' | 'general_eval' | 'safety_eval';
export type DatasetFormat = 'corpus' | 'chat' | 'multiple_choice' | 'safety';

/**
 * Which corpus documents are measured. A document is held out when
 * `int(sha256(text).hexdigest()[:8], 16) % 20 == 0`; training never trains on held-out documents.
 */
export type DatasetSplit = 'heldout' | 'all';

export interface JobSpecDataset {
  versionId?: string | null;
  path: string;
  sha256?: string;
  role: DatasetRole;
  format: DatasetFormat;
  /** Default `all`. */
  split?: DatasetSplit;
}

/** What an evaluate job generates (greedy decoding). */
export interface JobSpecEvaluation {
  /** 1..512, default 48. */
  maxNewTokens?: number;
  /** Answered as chat prompts (at most 32); without them the trainer picks its own samples. */
  samplePrompts?: string[];
}

export interface LoraHyperparameters {
  rank?: number;
  alpha?: number;
  dropout?: number;
  targetModules?: string[];
}

export interface Hyperparameters {
  learningRate?: number;
  maxSteps?: number;
  epochs?: number;
  /** Global batch in sequences per optimizer step; must divide by processes x gradientAccumulation. */
  batchSize?: number;
  gradientAccumulation?: number;
  seqLen?: number;
  warmupSteps?: number;
  weightDecay?: number;
  maxGradNorm?: number;
  seed?: number;
  replayRatio?: number;
  gradientCheckpointing?: boolean;
  compile?: boolean;
  evalEvery?: number;
  logEvery?: number;
  checkpointEvery?: number;
  /** sft: pack several conversations into one sequence, attention kept within each (default true). */
  packing?: boolean;
  /** The cosine schedule decays to learningRate x this ratio (default 0.1). */
  minLearningRateRatio?: number;
  /** At most this many batches of each eval dataset per evaluation (default 16). */
  evalBatches?: number;
  lora?: LoraHyperparameters;
  adapter?: { bottleneck?: number };
  selective?: { norms?: boolean; biases?: boolean; topLayers?: number; patterns?: string[] };
}

export interface JobResources {
  gpus?: number;
  gpuMemoryGb?: number;
  nodes?: number;
}

/** The job spec of version 1: what the queue carries and what `alloy_trainer run --spec` reads. */
export interface JobSpec {
  specVersion: typeof JOB_SPEC_VERSION;
  jobId: string;
  kind: JobKind;
  method: TrainingMethod;
  base?: { versionId?: string | null; path: string } | null;
  modelConfig?: Record<string, unknown>;
  tokenizer?: { path?: string; train?: boolean; vocabSize?: number };
  datasets: JobSpecDataset[];
  hyperparameters: Hyperparameters;
  resources?: JobResources;
  precision: Precision;
  parallelism?: { strategy?: 'none' | 'ddp' | 'fsdp'; processes?: number };
  evaluation?: JobSpecEvaluation;
  output: { dir: string; checkpointDir?: string };
}
