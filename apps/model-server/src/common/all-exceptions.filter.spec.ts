import { readFile } from 'node:fs/promises';
import { ModelLoadError } from '@alloy/inference';
import { type ArgumentsHost, BadRequestException } from '@nestjs/common';
import type { Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { toServingError } from './serving-error';

const ABSOLUTE = /(^|[\s'"=:])\/(var|usr|tmp|home|srv)\//;

function answer(exception: unknown) {
  const response = {
    headersSent: false,
    status: vi.fn().mockReturnThis(),
    json: vi.fn().mockReturnThis(),
    setHeader: vi.fn(),
    end: vi.fn(),
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  const logger = { error: vi.fn() };
  new AllExceptionsFilter(logger as unknown as Logger).catch(exception, host);
  const body = response.json.mock.calls[0]?.[0] as { error: { message: string; code: string } };
  return { status: response.status.mock.calls[0]?.[0] as number, body, logger };
}

describe('model server errors', () => {
  it('says which model file failed to load, never where it lies', () => {
    const error = new ModelLoadError(
      '/var/alloy/artifacts/jobs/j/output/onnx/model_q4.onnx is missing: build it with the model-builder CLI (--variant int4)',
    );
    const serving = toServingError(error);
    expect(serving.status).toBe(503);
    expect(serving.message).toBe(
      '…/model_q4.onnx is missing: build it with the model-builder CLI (--variant int4)',
    );
    const { status, body, logger } = answer(error);
    expect(status).toBe(503);
    expect(body.error.message).not.toMatch(ABSOLUTE);
    // the detail stays in the log
    expect(logger.error).toHaveBeenCalledWith({ err: error }, 'request failed');
  });

  it('answers an unexpected error (an fs error with its path) with a generic 500 and logs it', async () => {
    const error = await readFile('/var/alloy-missing/x.onnx').catch((e: unknown) => e);
    const { status, body, logger } = answer(error);
    expect(status).toBe(500);
    expect(body.error).toMatchObject({ code: 'INTERNAL', message: 'internal error' });
    expect(logger.error).toHaveBeenCalledWith({ err: error }, 'request failed');
  });

  it('never echoes a filesystem path in an HTTP exception', () => {
    const { status, body } = answer(new BadRequestException("cannot open '/srv/models/a.json'"));
    expect(status).toBe(400);
    expect(body.error.message).toBe("cannot open '…/a.json'");
  });
});
