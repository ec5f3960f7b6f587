import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../test/control-plane-harness';

const root = path.resolve(__dirname, '../../..');
const MAIN = 'apps/control-plane/src/main.ts';

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let output = '';
  const child = spawn(process.execPath, ['-r', './tools/register.cjs', MAIN], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      // Readiness may answer 503 for a moment (a check timing out on a busy machine): wait it out.
      const response = await fetch(url);
      if (response.ok || Date.now() > deadline) return response;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('control-plane process', () => {
  it('refuses to boot on bad configuration, naming every bad key', async () => {
    const proc = start({
      PORT: 'http',
      LOG_LEVEL: 'chatty',
      DATABASE_URL: 'mysql://u:secret-pw@h/db',
      REDIS_NAMESPACE: 'prod:eu',
    });
    expect(await proc.exited).toBe(78);
    const out = proc.output();
    for (const key of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'REDIS_NAMESPACE', 'SIGNING_SECRET'])
      expect(out).toContain(key);
    expect(out).not.toContain('secret-pw');
  });

  it('boots, logs JSON with request ids, and shuts down gracefully on SIGTERM', async () => {
    const [port, grpcPort] = [await freePort(), await freePort()];
    const proc = start({
      HOST: '127.0.0.1',
      PORT: String(port),
      GRPC_PORT: String(grpcPort),
      DATABASE_URL: inject('databaseUrl'),
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
      ARTIFACT_ROOT: mkdtempSync(path.join(tmpdir(), 'alloy-e2e-')),
      SIGNING_SECRET: inject('signingSecret'),
    });
    try {
      const health = await waitFor(`http://127.0.0.1:${port}/readyz`, 30_000);
      expect(health.status).toBe(200);
      const domains = await fetch(`http://127.0.0.1:${port}/api/v1/domains`, {
        headers: { 'x-request-id': 'trace-e2e-1', authorization: `Bearer ${inject('adminToken')}` },
      });
      expect(domains.headers.get('x-request-id')).toBe('trace-e2e-1');
      await new Promise((r) => setTimeout(r, 100));
      const line = proc
        .output()
        .split('\n')
        .filter((l) => l.includes('trace-e2e-1'))
        .map((l) => JSON.parse(l) as { req: { id: string }; res: { statusCode: number } })[0];
      expect(line?.req.id).toBe('trace-e2e-1');
      expect(line?.res.statusCode).toBe(200);
    } finally {
      proc.child.kill('SIGTERM');
    }
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toContain('shutting down');
  });
});
