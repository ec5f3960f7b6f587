/** Error codes the model server maps to HTTP and gRPC statuses. */
export enum InferenceErrorCode {
  /** 400: a sampling parameter is out of range; `field` names it. */
  INVALID_PARAMETER = 'INVALID_PARAMETER',
  /** 400: prompt plus requested tokens do not fit the model's context; `limit` states it. */
  PROMPT_TOO_LONG = 'PROMPT_TOO_LONG',
  /** 429/503: the request queue is full; retry after `retryAfterMs`. */
  OVERLOADED = 'OVERLOADED',
  /** 404: no such model is registered. */
  MODEL_NOT_FOUND = 'MODEL_NOT_FOUND',
  /** The model files could not be loaded. */
  MODEL_LOAD_FAILED = 'MODEL_LOAD_FAILED',
  /** The caller aborted the request (client went away). */
  CANCELLED = 'CANCELLED',
  /** The engine is shutting down or was unloaded. */
  UNAVAILABLE = 'UNAVAILABLE',
}

/** Base class of every error the engine throws on purpose. */
export class InferenceError extends Error {
  constructor(
    readonly code: InferenceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidParameterError extends InferenceError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(InferenceErrorCode.INVALID_PARAMETER, `${field}: ${message}`);
  }
}

export class PromptTooLongError extends InferenceError {
  constructor(
    readonly promptTokens: number,
    readonly limit: number,
    readonly maxTokens: number,
  ) {
    super(
      InferenceErrorCode.PROMPT_TOO_LONG,
      `prompt has ${promptTokens} tokens; with max_tokens ${maxTokens} it exceeds the model's context of ${limit} tokens`,
    );
  }
}

export class OverloadedError extends InferenceError {
  constructor(
    readonly retryAfterMs: number,
    message = 'the model is overloaded, retry later',
  ) {
    super(InferenceErrorCode.OVERLOADED, message);
  }

  /** Seconds for a Retry-After header, at least 1. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
  }
}

export class ModelNotFoundError extends InferenceError {
  constructor(readonly modelId: string) {
    super(InferenceErrorCode.MODEL_NOT_FOUND, `model ${modelId} is not registered`);
  }
}

export class ModelLoadError extends InferenceError {
  constructor(message: string) {
    super(InferenceErrorCode.MODEL_LOAD_FAILED, message);
  }
}

export class CancelledError extends InferenceError {
  constructor() {
    super(InferenceErrorCode.CANCELLED, 'the request was cancelled');
  }
}

export class UnavailableError extends InferenceError {
  constructor(message: string) {
    super(InferenceErrorCode.UNAVAILABLE, message);
  }
}
