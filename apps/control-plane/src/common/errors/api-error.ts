import { HttpStatus } from '@nestjs/common';

/** Error codes shared by every feature; features add their own in `<feature>.errors.ts`. */
export enum CommonErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  INVALID_JSON = 'INVALID_JSON',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INTERNAL = 'INTERNAL',
  UNAVAILABLE = 'UNAVAILABLE',
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** The one error body: `{"error": {"code", "message", "details"}}`. */
export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

/** A failure with a stable code; the filter turns it into the error body. */
export class ApiError extends Error {
  /** Sent as `Retry-After` (429, 503). */
  readonly retryAfterSeconds: number | null = null;

  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }

  static validation(problems: FieldProblem[]): ApiError {
    const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    return new ApiError(
      HttpStatus.BAD_REQUEST,
      CommonErrorCode.VALIDATION_FAILED,
      message,
      problems,
    );
  }

  static notFound(what: string, key: string, code: string = CommonErrorCode.NOT_FOUND): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, code, `${what} "${key}" not found`);
  }

  static conflict(message: string, code: string = CommonErrorCode.CONFLICT): ApiError {
    return new ApiError(HttpStatus.CONFLICT, code, message);
  }

  static badRequest(code: string, message: string, details: unknown = null): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, code, message, details);
  }
}
