export {
  AlloyClient,
  type AlloyClientOptions,
  type ChatCompletion,
  type ChatDelta,
  type ChatMessage,
  type ChatOptions,
  type UploadDatasetFields,
  type UploadProgress,
  type UploadSource,
  type WaitOptions,
} from './alloy-client';
export {
  AlloyApiError,
  AlloyAuthError,
  AlloyConflictError,
  AlloyNotFoundError,
  AlloyRateLimitError,
  AlloyValidationError,
  errorFromResponse,
  toAlloyError,
  type AlloyErrorResponse,
  type AlloyFieldError,
} from './alloy-errors';
export {
  AlloyInferenceGrpcClient,
  type GrpcChatMessage,
  type GrpcGenerateRequest,
  type GrpcUsage,
  type GrpcGenerateChunk,
  type GrpcGenerateResponse,
  type AlloyInferenceGrpcOptions,
} from './inference-grpc.client';
export { readServerSentEvents, type ServerSentEvent } from './sse-reader';
export type { GgufDownload, GgufType } from './model-export';
export type * from './resource.types';
export type {
  paths as ControlPlanePaths,
  components as ControlPlaneComponents,
  operations as ControlPlaneOperations,
} from './generated/control-plane';
export type {
  paths as InferencePaths,
  components as InferenceComponents,
  operations as InferenceOperations,
} from './generated/model-server';
