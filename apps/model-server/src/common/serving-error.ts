import {
  InferenceError,
  InferenceErrorCode,
  InvalidParameterError,
  OverloadedError,
  PromptTooLongError,
} from '@alloy/inference';
import { redactFilesystemPaths } from '@alloy/runtime';

export enum ServingErrorCode {
  MODEL_NOT_FOUND = 'MODEL_NOT_FOUND',
  VERSION_NOT_FOUND = 'VERSION_NOT_FOUND',
  ALIAS_NOT_FOUND = 'ALIAS_NOT_FOUND',
  /** The version is deployed but its graph is still being built or loaded (503, Retry-After). */
  MODEL_WARMING_UP = 'MODEL_WARMING_UP',
  /** Preparing the version failed; it is tried again (503, Retry-After). */
  MODEL_UNAVAILABLE = 'MODEL_UNAVAILABLE',
  INVALID_PARAMETER = 'INVALID_PARAMETER',
  /** The prompt has more characters than MAX_PROMPT_CHARS. */
  PROMPT_TOO_LONG = 'PROMPT_TOO_LONG',
  INVALID_JSON = 'INVALID_JSON',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The key's role or scopes may not do this. */
  FORBIDDEN = 'FORBIDDEN',
  /** The key's request rate or daily token quota is spent. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The key has MAX_STREAMS_PER_KEY streams open already (429, Retry-After). */
  STREAM_LIMIT_REACHED = 'STREAM_LIMIT_REACHED',
  NOT_FOUND = 'NOT_FOUND',
  /** A plugin enabled for the model refused the request, or failed and fails closed (422). */
  REFUSED_BY_PLUGIN = 'REFUSED_BY_PLUGIN',
  /** The server is stopping: a new stream is refused, one still running at the end of the drain is ended (503, Retry-After). */
  SERVER_SHUTTING_DOWN = 'SERVER_SHUTTING_DOWN',
  INTERNAL = 'INTERNAL',
}

/** A failure answered to the client: HTTP status, stable code, and the field at fault when any. */
export class ServingError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    readonly retryAfterSeconds: number | null = null,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static invalid(param: string, message: string): ServingError {
    return new ServingError(400, ServingErrorCode.INVALID_PARAMETER, `${param}: ${message}`, param);
  }

  static notFound(code: ServingErrorCode, message: string): ServingError {
    return new ServingError(404, code, message);
  }

  /** The server is stopping; another replica can answer the same request. */
  static shuttingDown(): ServingError {
    return new ServingError(
      503,
      ServingErrorCode.SERVER_SHUTTING_DOWN,
      'the server is shutting down; send the request again (another replica answers it)',
      null,
      1,
    );
  }

  /** A plugin's refusal, with its reason as the caller should read it. */
  static refusedByPlugin(pluginId: string, reason: string): ServingError {
    return new ServingError(
      422,
      ServingErrorCode.REFUSED_BY_PLUGIN,
      `${pluginId}: ${reason}`,
      null,
      null,
      {
        plugin: pluginId,
      },
    );
  }
}

/** Maps any error to what the client gets (HTTP; gRPC maps from the HTTP status). */
export function toServingError(error: unknown): ServingError {
  if (error instanceof ServingError) return error;
  if (error instanceof InferenceError) {
    // e.g. a model file that failed to load: which file, never where it lies on this host
    const message = redactFilesystemPaths(error.message);
    if (error instanceof InvalidParameterError)
      return new ServingError(400, error.code, message, error.field);
    if (error instanceof PromptTooLongError)
      return new ServingError(400, error.code, message, 'prompt', null, {
        limit: error.limit,
        promptTokens: error.promptTokens,
        maxTokens: error.maxTokens,
      });
    if (error instanceof OverloadedError)
      return new ServingError(429, error.code, message, null, error.retryAfterSeconds);
    switch (error.code) {
      case InferenceErrorCode.MODEL_NOT_FOUND:
        return new ServingError(404, error.code, message);
      case InferenceErrorCode.CANCELLED:
        // nginx's "client closed request": nobody reads it, but logs and metrics do.
        return new ServingError(499, error.code, message);
      case InferenceErrorCode.UNAVAILABLE:
      case InferenceErrorCode.MODEL_LOAD_FAILED:
        return new ServingError(503, error.code, message, null, 1);
      case InferenceErrorCode.OVERLOADED:
        return new ServingError(429, error.code, message, null, 1);
      case InferenceErrorCode.INVALID_PARAMETER:
      case InferenceErrorCode.PROMPT_TOO_LONG:
        return new ServingError(400, error.code, message);
    }
  }
  return new ServingError(500, ServingErrorCode.INTERNAL, 'internal error');
}

/**
 * The error body: `error.message`, `error.type`, `error.param`, `error.code` as OpenAI's clients
 * read them, plus `details` (for instance the context limit).
 */
export function errorBody(error: ServingError): {
  error: { message: string; type: string; param: string | null; code: string; details: object };
} {
  const type =
    error.status === 429
      ? 'rate_limit_error'
      : error.status === 404
        ? 'not_found_error'
        : error.status === 401
          ? 'authentication_error'
          : error.status < 500
            ? 'invalid_request_error'
            : 'server_error';
  return {
    error: {
      message: error.message,
      type,
      param: error.param,
      code: error.code,
      details: error.details,
    },
  };
}
