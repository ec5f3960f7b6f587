import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@alloy/runtime';
import { CONFIG_KEYS, loadConfig } from './app-config';

/** The one key without a default. */
const REQUIRED = { SIGNING_SECRET: 's'.repeat(32) };

describe('loadConfig', () => {
  it('fills defaults', () => {
    const config = loadConfig(REQUIRED);
    expect(config.http.port).toBe(3000);
    expect(config.grpc.port).toBe(50051);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
  });

  it('listens on loopback with no CORS origins unless told otherwise', () => {
    const required = REQUIRED;
    expect(loadConfig(required).http).toMatchObject({ host: '127.0.0.1', corsOrigins: [] });
    const open = loadConfig({
      ...required,
      HOST: '0.0.0.0',
      CORS_ORIGINS: 'https://a.example,https://b.example',
    });
    expect(open.http).toMatchObject({
      host: '0.0.0.0',
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
    expect(() => loadConfig({ ...required, CORS_ORIGINS: 'https://a.example/app' })).toThrow(
      /CORS_ORIGINS: /,
    );
  });

  it('requires a signing secret, and reads the first admin and the public endpoints', () => {
    expect(() => loadConfig({})).toThrow(/SIGNING_SECRET: /);
    const config = loadConfig({
      ...REQUIRED,
      BOOTSTRAP_ADMIN_EMAIL: 'root@bank.example',
      PUBLIC_ENDPOINTS: 'probes, metrics',
    });
    expect(config.auth.bootstrapAdmin).toEqual({ email: 'root@bank.example' });
    expect(config.auth.publicEndpoints).toEqual(['probes', 'metrics']);
    expect(loadConfig(REQUIRED).auth.publicEndpoints).toEqual(['probes', 'docs']);
    expect(() => loadConfig({ ...REQUIRED, PUBLIC_ENDPOINTS: 'probes,admin' })).toThrow(
      /PUBLIC_ENDPOINTS/,
    );
  });

  it('names every bad key at once and hides secret values', () => {
    let error: unknown;
    try {
      loadConfig({
        ...REQUIRED,
        PORT: 'eighty',
        DATABASE_URL: 'mysql://user:hunter2@x/db',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect((error as ConfigError).problems).toHaveLength(3);
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('LOG_LEVEL');
    expect(message).not.toContain('hunter2');
  });

  it('takes a Redis namespace, alloy by default, and rejects one that is not a plain name', () => {
    expect(loadConfig(REQUIRED).redis.namespace).toBe('alloy');
    expect(loadConfig({ ...REQUIRED, REDIS_NAMESPACE: 'prod-eu.1' }).redis.namespace).toBe(
      'prod-eu.1',
    );
    for (const bad of ['a:b', 'with space', '*', 'x'.repeat(65)]) {
      expect(() => loadConfig({ ...REQUIRED, REDIS_NAMESPACE: bad })).toThrow(/REDIS_NAMESPACE: /);
    }
  });
});

describe('DATASET_RAW_RETENTION_HOURS', () => {
  // Keys without a default, so that only the retention key decides.
  const required = { SIGNING_SECRET: 's'.repeat(32) };
  const retention = (hours?: string) =>
    loadConfig({ ...required, DATASET_RAW_RETENTION_HOURS: hours }).datasets.rawRetentionMs;

  it('deletes raw uploads once ingested by default, and keeps them at most 30 days', () => {
    expect(retention()).toBe(0);
    expect(retention('48')).toBe(48 * 3600_000);
    expect(retention('720')).toBe(720 * 3600_000);
    for (const bad of ['-1', '721', 'forever']) {
      expect(() => retention(bad)).toThrow(/DATASET_RAW_RETENTION_HOURS: /);
    }
  });
});

describe('.env.example', () => {
  it('lists every configuration key with its default', () => {
    const text = readFileSync(path.resolve(__dirname, '../../../../.env.example'), 'utf8');
    const entries = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(Object.keys(entries).sort()).toEqual(Object.keys(CONFIG_KEYS).sort());
    const defaults = loadConfig(REQUIRED);
    const set = Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== ''));
    const fromExample = loadConfig({ ...REQUIRED, ...set });
    expect(fromExample).toEqual({ ...defaults, artifacts: fromExample.artifacts });
  });
});
