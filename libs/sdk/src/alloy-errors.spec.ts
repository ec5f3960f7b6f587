import { describe, expect, it } from 'vitest';
import {
  AlloyApiError,
  AlloyAuthError,
  AlloyConflictError,
  AlloyNotFoundError,
  AlloyRateLimitError,
  AlloyValidationError,
  errorFromResponse,
  toAlloyError,
} from './alloy-errors';

const headers = (h: Record<string, string> = {}) => new Headers({ 'x-request-id': 'req-1', ...h });
const controlPlane = (code: string, message: string, details: unknown = null) => ({
  error: { code, message, details },
});

describe('toAlloyError', () => {
  it('maps each status to its exception, keeping code, message and request id', () => {
    const cases: [number, new (...args: never[]) => AlloyApiError][] = [
      [401, AlloyAuthError],
      [403, AlloyAuthError],
      [404, AlloyNotFoundError],
      [409, AlloyConflictError],
      [400, AlloyValidationError],
      [422, AlloyValidationError],
      [429, AlloyRateLimitError],
      [500, AlloyApiError],
    ];
    for (const [status, type] of cases) {
      const error = toAlloyError({
        status,
        body: controlPlane('SOME_CODE', 'what went wrong'),
        headers: headers(),
      });
      expect(error, String(status)).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(AlloyApiError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({
        status,
        code: 'SOME_CODE',
        message: 'what went wrong',
        requestId: 'req-1',
      });
    }
  });

  it("lists the control plane's refused fields", () => {
    const problems = [
      { field: 'name', message: 'must be a lowercase slug' },
      { field: 'kind', message: 'must be one of corpus, chat' },
    ];
    const error = toAlloyError({
      status: 400,
      body: controlPlane('VALIDATION_FAILED', 'name: ...; kind: ...', problems),
      headers: headers(),
    });
    expect(error).toBeInstanceOf(AlloyValidationError);
    expect((error as AlloyValidationError).fields).toEqual(problems);
  });

  it("names the model server's field from `param`", () => {
    const error = toAlloyError({
      status: 400,
      body: {
        error: {
          message: 'messages.0.role: must be one of system, user, assistant',
          type: 'invalid_request_error',
          param: 'messages.0.role',
          code: 'INVALID_PARAMETER',
          details: {},
        },
      },
      headers: headers(),
    });
    expect((error as AlloyValidationError).fields).toEqual([
      { field: 'messages.0.role', message: 'must be one of system, user, assistant' },
    ]);
    expect(error.code).toBe('INVALID_PARAMETER');
  });

  it('reads Retry-After as seconds or as a date', () => {
    const seconds = toAlloyError({
      status: 429,
      body: controlPlane('RATE_LIMITED', 'slow down'),
      headers: headers({ 'retry-after': '7' }),
    });
    expect((seconds as AlloyRateLimitError).retryAfter).toBe(7);
    const date = toAlloyError({
      status: 429,
      body: controlPlane('RATE_LIMITED', 'slow down'),
      headers: headers({ 'retry-after': new Date(Date.now() + 60_000).toUTCString() }),
    });
    expect((date as AlloyRateLimitError).retryAfter).toBeGreaterThan(50);
    const none = toAlloyError({ status: 429, body: null, headers: new Headers() });
    expect((none as AlloyRateLimitError).retryAfter).toBeNull();
  });

  it('keeps the text of a body that is not the error envelope', async () => {
    const error = await errorFromResponse(
      new Response('<html>Bad gateway</html>', { status: 502 }),
    );
    expect(error).toMatchObject({
      status: 502,
      code: 'HTTP_502',
      message: '<html>Bad gateway</html>',
      requestId: null,
    });
  });
});
