import { describe, expect, it } from 'vitest';
import { effectiveLimits, failurePolicyOf, validateManifest } from './manifest';
import { SDK_VERSION } from './types';
import type { PluginManifest } from './types';

const valid: PluginManifest = {
  id: 'acme.kyc-checks',
  version: '1.2.3',
  sdk: '^1.0.0',
  domains: ['finance'],
  permissions: { network: ['api.acme.com', 'rates.acme.com:8443'] },
  config: {
    type: 'object',
    properties: { strict: { type: 'boolean', default: true } },
    additionalProperties: false,
  },
  failurePolicy: { 'inference.response': 'open' },
  limits: { timeoutMs: 1000, memoryMb: 128 },
};

function errorsOf(value: unknown): string[] {
  const result = validateManifest(value);
  return result.ok ? [] : result.errors;
}

describe('validateManifest', () => {
  it('accepts a complete manifest and returns it', () => {
    expect(validateManifest(valid)).toEqual({ ok: true, manifest: valid });
  });

  it('names the field and the value of a version that is not semver', () => {
    expect(errorsOf({ ...valid, version: '1.x' })).toEqual([
      'manifest.version: "1.x" is not a semantic version',
    ]);
  });

  it('refuses an SDK range that excludes this SDK, naming the range and the version', () => {
    const [error] = errorsOf({ ...valid, sdk: '^2.0.0' });
    expect(error).toContain('manifest.sdk');
    expect(error).toContain('^2.0.0');
    expect(error).toContain(SDK_VERSION);
    expect(errorsOf({ ...valid, sdk: 'not a range' })).toEqual([
      'manifest.sdk: "not a range" is not a semver range',
    ]);
  });

  it.each(['ab', 'Acme', 'acme_kyc', 'acme..kyc', '1acme', 'acme-', 'a'.repeat(65)])(
    'refuses the id %s',
    (id) => {
      expect(errorsOf({ ...valid, id }).join('\n')).toMatch(/^manifest\.id: /m);
    },
  );

  it.each(['abc', 'acme.kyc', 'acme-kyc.v2', 'a1.b2-c3'])('accepts the id %s', (id) => {
    expect(errorsOf({ ...valid, id })).toEqual([]);
  });

  it('refuses unknown top-level keys and missing required ones', () => {
    const withoutDomains: Record<string, unknown> = { ...valid };
    delete withoutDomains.domains;
    expect(errorsOf({ ...withoutDomains, main: 'plugin.js' })).toEqual(
      expect.arrayContaining([
        'manifest.main: is not a known field',
        'manifest.domains: is required',
      ]),
    );
  });

  it('refuses domains that are not slugs', () => {
    expect(errorsOf({ ...valid, domains: ['finance', 'Medical Care'] })).toEqual([
      'manifest.domains[1]: must be a domain slug (lower-case words joined by -)',
    ]);
  });

  it('refuses network permissions that are URLs, wildcards or bad ports', () => {
    const errors = errorsOf({
      ...valid,
      permissions: { network: ['https://api.acme.com', '*.acme.com', 'api.acme.com:70000'] },
    });
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^manifest\.permissions\.network\[0\]: must be a host name/);
    expect(errors[1]).toMatch(/^manifest\.permissions\.network\[1\]: /);
    expect(errors[2]).toBe('manifest.permissions.network[2]: port 70000 is out of range 1-65535');
  });

  it('refuses a config schema that is not a strict object schema', () => {
    expect(errorsOf({ ...valid, config: { type: 'string' } })).toEqual([
      'manifest.config: must be a JSON Schema with "type": "object"',
    ]);
    const [error] = errorsOf({
      ...valid,
      config: { type: 'object', properties: { level: { type: 'integer', minimun: 1 } } },
    });
    expect(error).toMatch(/^manifest\.config: is not a valid JSON Schema: .*minimun/);
  });

  it('refuses failure policies for unknown hooks or with unknown values', () => {
    expect(
      errorsOf({ ...valid, failurePolicy: { 'inference.reply': 'open', tools: 'sometimes' } }),
    ).toEqual([
      expect.stringMatching(
        /^manifest\.failurePolicy\["inference\.reply"\]: is not an allowed key/,
      ),
      'manifest.failurePolicy.tools: must be one of "open", "closed"',
    ]);
  });

  it('refuses limits above the caps', () => {
    expect(errorsOf({ ...valid, limits: { timeoutMs: 60_000, memoryMb: 4096 } })).toEqual([
      'manifest.limits.timeoutMs: must be at most 5000',
      'manifest.limits.memoryMb: must be at most 512',
    ]);
  });

  it('refuses what is not an object', () => {
    expect(errorsOf('acme')).toEqual(['manifest: must be an object']);
  });
});

describe('effectiveLimits and failurePolicyOf', () => {
  it('applies defaults where the manifest declares nothing', () => {
    const bare: PluginManifest = { id: 'bare', version: '1.0.0', sdk: '^1.0.0', domains: [] };
    expect(effectiveLimits(bare)).toEqual({ timeoutMs: 250, memoryMb: 64 });
    expect(effectiveLimits(valid)).toEqual({ timeoutMs: 1000, memoryMb: 128 });
  });

  it('fails closed unless the manifest opens a hook', () => {
    expect(failurePolicyOf(valid, 'inference.response')).toBe('open');
    expect(failurePolicyOf(valid, 'inference.request')).toBe('closed');
  });
});
