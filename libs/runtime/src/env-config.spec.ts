import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseEnv } from './env-config';

const KEYS = {
  PORT: z.coerce.number().int().min(1).default(3000),
  TOKEN: z.string().min(8),
};

describe('parseEnv', () => {
  it('applies defaults, counting an empty value as unset', () => {
    expect(parseEnv(KEYS, { PORT: '', TOKEN: 'long-enough' }, ['TOKEN'])).toEqual({
      PORT: 3000,
      TOKEN: 'long-enough',
    });
  });

  it('names every bad key at once and never shows a secret', () => {
    let error: unknown;
    try {
      parseEnv(KEYS, { PORT: '0', TOKEN: 'hunter2' }, ['TOKEN']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'TOKEN']);
    expect(problems[1]).toContain('(value hidden)');
    expect((error as ConfigError).message).not.toContain('hunter2');
  });
});
