import { randomBytes } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource, seedDatabase } from '@alloy/db';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const ADMIN_URL =
  process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A migrated, seeded database of the benchmark's own, dropped by `drop()`. */
export async function benchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `alloy_bench_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const ds = createDataSource({ url: url.toString() });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await seedDatabase(ds);
  await ds.destroy();
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A TypeScript entry point of the repository in a child process. */
export function spawnTs(
  script: string,
  env: Record<string, string>,
  quiet = !process.env.BENCH_VERBOSE,
): ChildProcess {
  return spawn(process.execPath, ['-r', './tools/register.cjs', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
  });
}

export async function waitForUrl(
  url: string,
  timeoutMs = 60_000,
  headers: Record<string, string> = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return await res.text();
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
