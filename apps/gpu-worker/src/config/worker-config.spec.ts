import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@alloy/runtime';
import { CONFIG_KEYS, hostnameSlug, loadConfig, REPO_ROOT } from './worker-config';

/** A join token of the right shape: the worker refuses to start without one. */
const TOKEN = { WORKER_TOKEN: `alloy_wj_${'a'.repeat(16)}_${'b'.repeat(43)}` };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...TOKEN, ...env }, 'host');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills defaults, with the worker id taken from the host name', () => {
    const config = loadConfig({ ...TOKEN }, 'GPU-Node_07.example.com');
    expect(config.workerId).toBe('gpu-node-07-example-com');
    expect(config.controlPlane.url).toBe('http://127.0.0.1:3000');
    expect(config.trainer.python).toBe('/usr/bin/python3');
    expect(config.trainer.dir).toBe(path.join(REPO_ROOT, 'apps/gpu-worker/trainer'));
    expect(config.maxConcurrentJobs).toBeNull();
    expect(config.cancelGraceMs).toBe(30_000);
    expect(config.labels).toEqual({});
  });

  it('parses labels', () => {
    const config = loadConfig({ ...TOKEN, WORKER_LABELS: 'zone=eu-1, gpu=h100' }, 'h');
    expect(config.labels).toEqual({ zone: 'eu-1', gpu: 'h100' });
  });

  it('names every bad key at once and hides secret values', () => {
    const problems = problemsOf({
      WORKER_ID: 'Bad Id',
      REDIS_URL: 'http://user:hunter2@x',
      MAX_CONCURRENT_JOBS: '0',
      CANCEL_GRACE_MS: 'soon',
      WORKER_LABELS: 'zone',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'CANCEL_GRACE_MS',
      'LOG_LEVEL',
      'MAX_CONCURRENT_JOBS',
      'REDIS_URL',
      'WORKER_ID',
      'WORKER_LABELS',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('takes a Redis namespace, alloy by default, and rejects one that is not a plain name', () => {
    expect(loadConfig({ ...TOKEN }, 'h').redis.namespace).toBe('alloy');
    expect(loadConfig({ ...TOKEN, REDIS_NAMESPACE: 'staging.eu_1' }, 'h').redis.namespace).toBe(
      'staging.eu_1',
    );
    for (const bad of ['a:b', 'with space', 'x'.repeat(65)]) {
      const problems = problemsOf({ REDIS_NAMESPACE: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^REDIS_NAMESPACE: /);
    }
  });
});

describe('hostnameSlug', () => {
  it('makes any host name a valid id', () => {
    expect(hostnameSlug('--A..B--')).toBe('a-b');
    expect(hostnameSlug('x'.repeat(80))).toHaveLength(63);
    expect(hostnameSlug('___')).toBe('worker');
  });
});

describe('apps/gpu-worker/.env.example', () => {
  it('lists every configuration key with its default', () => {
    const text = readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
    const entries = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(Object.keys(entries).sort()).toEqual(Object.keys(CONFIG_KEYS).sort());
    expect(loadConfig({ ...entries, ...TOKEN }, 'h')).toEqual(loadConfig({ ...TOKEN }, 'h'));
  });
});
