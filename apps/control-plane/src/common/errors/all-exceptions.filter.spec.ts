import { readFile } from 'node:fs/promises';
import { type ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AllExceptionsFilter, toErrorResponse } from './all-exceptions.filter';
import { ApiError } from './api-error';

const ABSOLUTE = /(^|[\s'"=:])\/(var|usr|tmp|home|srv|work)\//;

async function enoent(): Promise<unknown> {
  return readFile('/var/alloy-missing/artifacts/models/a/1/config.json').catch((e: unknown) => e);
}

function httpHost() {
  const response = {
    headersSent: false,
    status: vi.fn().mockReturnThis(),
    json: vi.fn().mockReturnThis(),
    setHeader: vi.fn(),
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, response };
}

describe('toErrorResponse', () => {
  it('answers PostgreSQL out of reach with 503 UNAVAILABLE and Retry-After, a failed query with 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const dropped = new QueryFailedError(
      'SELECT 1',
      [],
      new Error('Connection terminated unexpectedly'),
    );
    const shutdown = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
    );
    for (const error of [refused, dropped, shutdown]) {
      const response = toErrorResponse(error);
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('UNAVAILABLE');
      expect(response.body.error.message).toMatch(/database is unavailable/);
      expect(response.retryAfterSeconds).toBeGreaterThan(0);
    }
    const syntax = new QueryFailedError(
      'SELEC 1',
      [],
      Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }),
    );
    expect(toErrorResponse(syntax).status).toBe(500);
  });

  it('answers an unexpected error (an fs error with its path) with a generic 500', async () => {
    const { status, body } = toErrorResponse(await enoent());
    expect(status).toBe(500);
    expect(body.error).toEqual({ code: 'INTERNAL', message: 'internal error', details: null });
  });

  it('never echoes a filesystem path inside an API error or an HTTP exception', async () => {
    const inner = (await enoent()) as Error;
    for (const error of [
      ApiError.badRequest('INVALID_MODEL_DIRECTORY', `could not read: ${inner.message}`),
      new BadRequestException(`bad file file:///srv/alloy/artifacts/x.json`),
    ]) {
      const { status, body } = toErrorResponse(error);
      expect(status).toBe(400);
      expect(body.error.message).not.toMatch(ABSOLUTE);
      expect(body.error.message).not.toContain('file://');
    }
    const { body } = toErrorResponse(ApiError.badRequest('X', `could not read: ${inner.message}`));
    expect(body.error.message).toBe(
      "could not read: ENOENT: no such file or directory, open '…/config.json'",
    );
  });

  it('keeps request paths', () => {
    const { status, body } = toErrorResponse(new NotFoundException('Cannot GET /api/v1/nothing'));
    expect(status).toBe(404);
    expect(body.error.message).toBe('Cannot GET /api/v1/nothing');
  });
});

describe('AllExceptionsFilter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs the detail of an unexpected error and answers without it', async () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { host, response } = httpHost();
    new AllExceptionsFilter().catch(await enoent(), host);
    expect(response.status).toHaveBeenCalledWith(500);
    expect(response.json).toHaveBeenCalledWith({
      error: { code: 'INTERNAL', message: 'internal error', details: null },
    });
    expect(String(logged.mock.calls[0]?.[0])).toContain('/var/alloy-missing/artifacts');
  });
});
