import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { redactFilesystemPaths } from '@alloy/runtime';
import type { Logger } from 'pino';
import { errorBody, ServingError, ServingErrorCode, toServingError } from './serving-error';

/**
 * Every error leaves as the one error body, with Retry-After on 429/503. Messages name no
 * filesystem path; unexpected errors are a plain "internal error", their detail logged.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const error = this.convert(exception);
    if (error.status >= 500) this.logger.error({ err: exception }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error.retryAfterSeconds !== null)
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(error.status).json(errorBody(error));
  }

  private convert(exception: unknown): ServingError {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse() as { type?: string; message?: unknown } | string;
      if (typeof body === 'object' && body.type === 'entity.parse.failed')
        return new ServingError(400, ServingErrorCode.INVALID_JSON, 'the body is not valid JSON');
      const message =
        typeof body === 'string'
          ? body
          : typeof body.message === 'string'
            ? body.message
            : exception.message;
      if (status === 400 && /JSON/.test(message))
        return new ServingError(400, ServingErrorCode.INVALID_JSON, 'the body is not valid JSON');
      return new ServingError(
        status,
        status === 404 ? ServingErrorCode.NOT_FOUND : 'HTTP_ERROR',
        redactFilesystemPaths(message),
      );
    }
    if (exception instanceof SyntaxError && 'body' in exception)
      return new ServingError(400, ServingErrorCode.INVALID_JSON, 'the body is not valid JSON');
    return toServingError(exception);
  }
}
