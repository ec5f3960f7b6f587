export { InferenceEngine } from './engine/inference-engine';
export type { EngineOptions, EngineStats } from './engine/inference-engine';
export type {
  FinishReason,
  GenerateOptions,
  GenerateRequest,
  GenerationChunk,
  GenerationResult,
  GenerationTimings,
  PromptInput,
  TokenLogprob,
  Usage,
} from './engine/generation.types';
export { ModelRegistry } from './registry/model-registry';
export type { ModelSource, RegistryOptions } from './registry/model-registry';
export type { SamplingParams } from './sampling/sampling-params';
export { TextTokenizer } from './tokenizer/text-tokenizer';
export type { ChatMessage } from './tokenizer/text-tokenizer';
export { TokenizerPool } from './tokenizer/tokenizer-pool';
export type { EncodeTask, TokenizerPoolOptions } from './tokenizer/tokenizer-pool';
export type { KvMode, SessionOptions } from './session/causal-lm.session';
export {
  CancelledError,
  InferenceError,
  InferenceErrorCode,
  InvalidParameterError,
  ModelLoadError,
  ModelNotFoundError,
  OverloadedError,
  PromptTooLongError,
  UnavailableError,
} from './inference.errors';
