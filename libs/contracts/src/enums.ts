/** The kinds of training job a worker can run. */
export const JOB_KINDS = [
  'pretrain',
  'continued_pretraining',
  'sft',
  'evaluate',
  'export',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Full fine-tuning and the three families of parameter-efficient tuning. */
export const TRAINING_METHODS = ['full', 'lora', 'adapter', 'selective'] as const;
export type TrainingMethod = (typeof TRAINING_METHODS)[number];

export const PRECISIONS = ['fp32', 'bf16', 'fp16'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** Lifecycle of a registered model version. */
export const MODEL_VERSION_STATUSES = ['registered', 'ready', 'failed', 'archived'] as const;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

/** What a dataset version holds; safety: prompts with the behaviour expected (refuse, redirect, answer). */
export const DATASET_KINDS = ['corpus', 'chat', 'multiple_choice', 'safety'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** Model architectures the registry, trainer and model builder understand (Hugging Face names). */
export const SUPPORTED_ARCHITECTURES = [
  'LlamaForCausalLM',
  'MistralForCausalLM',
  'Qwen2ForCausalLM',
] as const;
export type SupportedArchitecture = (typeof SUPPORTED_ARCHITECTURES)[number];
