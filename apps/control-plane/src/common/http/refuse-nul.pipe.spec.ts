import { describe, expect, it } from 'vitest';
import type { ApiError } from '../errors/api-error';
import { RefuseNulPipe } from './refuse-nul.pipe';

describe('RefuseNulPipe', () => {
  const pipe = new RefuseNulPipe();

  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      const error = e as ApiError;
      return {
        status: error.status,
        code: error.code,
        message: error.message,
        details: error.details,
      };
    }
    throw new Error('not refused');
  };

  it('refuses a path parameter with U+0000, naming it', () => {
    expect(refusal(() => pipe.transform('a\u0000b', { type: 'param', data: 'name' }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'name: must not contain the NUL character (U+0000)',
      details: [{ field: 'name', message: 'must not contain the NUL character (U+0000)' }],
    });
  });

  it('names nested body fields and keys by their path', () => {
    const body = { traffic: [{ version: 1 }, { label: '\u0000' }], meta: { 'k\u0000': 1 } };
    const { details } = refusal(() => pipe.transform(body, { type: 'body' })) as {
      details: { field: string }[];
    };
    expect(details.map((d) => d.field)).toEqual(['traffic.1.label', 'meta.k\u0000']);
  });

  it('lets everything else through unchanged', () => {
    const body = { name: 'fin-advisor', tags: ['é', '🦜'], n: 3 };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform('x', { type: 'query', data: 'cursor' })).toBe('x');
    expect(pipe.transform(Buffer.from([0, 1]), { type: 'body' })).toEqual(Buffer.from([0, 1]));
  });
});
