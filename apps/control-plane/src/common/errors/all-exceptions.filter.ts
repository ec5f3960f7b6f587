import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { redactFilesystemPaths } from '@alloy/runtime';
import { RpcException } from '@nestjs/microservices';
import type { Response } from 'express';
import { type Observable, throwError } from 'rxjs';
import { ApiError, CommonErrorCode, type ErrorBody } from './api-error';
import { isDatabaseUnavailable, isInvalidText, isUniqueViolation } from './postgres-errors';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  message?: string;
}

/** What a client is told to wait while PostgreSQL is unavailable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Maps any failure to the one error body. HTTP only; gRPC has its own mapping. Messages never
 * carry a filesystem path (a lower layer's text may be inside one); anything unexpected is a
 * plain "internal error", its detail logged.
 */
export function toErrorResponse(exception: unknown): {
  status: number;
  body: ErrorBody;
  /** Sent as `Retry-After`. */
  retryAfterSeconds?: number;
} {
  const body = (code: string, message: string, details: unknown = null): ErrorBody => ({
    error: { code, message: redactFilesystemPaths(message), details },
  });
  if (exception instanceof ApiError) {
    return {
      status: exception.status,
      body: body(exception.code, exception.message, exception.details),
      ...(exception.retryAfterSeconds ? { retryAfterSeconds: exception.retryAfterSeconds } : {}),
    };
  }
  // Express hands body-parser failures to Nest wrapped in an HttpException; the cause tells which.
  const parserError = (exception instanceof HttpException ? exception.cause : exception) as
    BodyParserError | undefined;
  if (parserError?.type === 'entity.too.large') {
    return {
      status: HttpStatus.PAYLOAD_TOO_LARGE,
      body: body(
        CommonErrorCode.PAYLOAD_TOO_LARGE,
        `request body exceeds the limit of ${parserError.limit} bytes`,
        {
          limit: parserError.limit,
        },
      ),
    };
  }
  if (parserError?.type === 'entity.parse.failed') {
    return {
      status: HttpStatus.BAD_REQUEST,
      body: body(
        CommonErrorCode.INVALID_JSON,
        `request body is not valid JSON: ${parserError.message}`,
      ),
    };
  }
  if (isUniqueViolation(exception)) {
    return {
      status: HttpStatus.CONFLICT,
      body: body(CommonErrorCode.CONFLICT, 'a resource with the same unique key already exists', {
        constraint: exception.constraint ?? null,
      }),
    };
  }
  if (isInvalidText(exception)) {
    return {
      status: HttpStatus.BAD_REQUEST,
      body: body(CommonErrorCode.VALIDATION_FAILED, 'malformed identifier'),
    };
  }
  // PostgreSQL down or out of reach: the client may retry, and the message says why (not a 500).
  if (isDatabaseUnavailable(exception)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: body(
        CommonErrorCode.UNAVAILABLE,
        'the database is unavailable at the moment; retry shortly',
      ),
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = status === 404 ? CommonErrorCode.NOT_FOUND : (HttpStatus[status] ?? 'HTTP_ERROR');
    return { status, body: body(String(code), exception.message) };
  }
  return { status: 500, body: body(CommonErrorCode.INTERNAL, 'internal error') };
}

/** gRPC status for an HTTP status, so both surfaces tell the same story. */
export function grpcStatusFor(httpStatus: number, code: string): GrpcStatus {
  switch (httpStatus) {
    case 400:
    case 413:
      return GrpcStatus.INVALID_ARGUMENT;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.NOT_FOUND;
    case 409:
      return code.endsWith('_EXISTS') || code === String(CommonErrorCode.CONFLICT)
        ? GrpcStatus.ALREADY_EXISTS
        : GrpcStatus.FAILED_PRECONDITION;
    case 429:
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 503:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.INTERNAL;
  }
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (exception instanceof RpcException) return throwError(() => exception.getError());
    const { status, body, retryAfterSeconds } = toErrorResponse(exception);
    if (status >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (host.getType() === 'rpc') {
      const code = grpcStatusFor(status, body.error.code);
      return throwError(() =>
        new RpcException({ code, message: `${body.error.code}: ${body.error.message}` }).getError(),
      );
    }
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (retryAfterSeconds) response.setHeader('Retry-After', String(retryAfterSeconds));
    response.status(status).json(body);
  }
}
