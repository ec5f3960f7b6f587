import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config';
import type { PluginManifest } from './types';

const manifest: PluginManifest = {
  id: 'acme.edu',
  version: '1.0.0',
  sdk: '^1.0.0',
  domains: ['education'],
  config: {
    type: 'object',
    additionalProperties: false,
    required: ['school'],
    properties: {
      school: { type: 'string', minLength: 1 },
      ageBand: { enum: ['child', 'teen', 'adult'], default: 'teen' },
      limits: {
        type: 'object',
        properties: { maxWords: { type: 'integer', minimum: 1, default: 200 } },
        default: {},
      },
    },
  },
};

describe('resolveConfig', () => {
  it('fills in defaults, nested ones included, without changing the input', () => {
    const input = { school: 'North High' };
    expect(resolveConfig(manifest, input)).toEqual({
      ok: true,
      config: { school: 'North High', ageBand: 'teen', limits: { maxWords: 200 } },
    });
    expect(input).toEqual({ school: 'North High' });
  });

  it('names each bad field', () => {
    const result = resolveConfig(manifest, { ageBand: 'toddler', limits: { maxWords: 0 }, x: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'config.school: is required',
        'config.x: is not a known field',
        'config.ageBand: must be one of "child", "teen", "adult"',
        'config.limits.maxWords: must be at least 1',
      ]),
    );
  });

  it('accepts nothing only where the schema allows it', () => {
    expect(resolveConfig(manifest, undefined)).toEqual({
      ok: false,
      errors: ['config.school: is required'],
    });
    expect(resolveConfig(manifest, [1])).toEqual({
      ok: false,
      errors: ['config: must be an object'],
    });
  });

  it('lets a plugin without a schema take only an empty configuration', () => {
    const bare: PluginManifest = { id: 'bare', version: '1.0.0', sdk: '^1.0.0', domains: [] };
    expect(resolveConfig(bare, undefined)).toEqual({ ok: true, config: {} });
    expect(resolveConfig(bare, { level: 2 })).toEqual({
      ok: false,
      errors: ['config.level: is not a known field (the plugin takes no configuration)'],
    });
  });

  it('gives the same answer twice for equal schemas in different manifests', () => {
    const copy = JSON.parse(JSON.stringify(manifest)) as PluginManifest;
    expect(resolveConfig(copy, { school: 'A', ageBand: 'child' })).toEqual(
      resolveConfig(manifest, { school: 'A', ageBand: 'child' }),
    );
  });
});
