// GET /api/v1/domains on the real control plane against a raw node:http server returning the same
// JSON, in the same run, with the same load. Prints requests/s, p99 and the ratio (ours / theirs).
// Usage: npm run bench:api [-- --seconds 10 --connections 10]
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { createDataSource, seedDatabase } from '@alloy/db';

const root = path.resolve(__dirname, '../../..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
  },
});
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function child(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', './tools/register.cjs', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function waitFor(url: string): Promise<string> {
  for (let i = 0; i < 240; i += 1) {
    try {
      const res = await fetch(url);
      if (res.ok) return await res.text();
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

async function load(title: string, url: string): Promise<autocannon.Result> {
  console.log(`\n${title}: ${url}`);
  const instance = autocannon({
    url,
    connections: Number(values.connections),
    duration: Number(values.seconds),
  });
  autocannon.track(instance, { renderResultsTable: false, renderLatencyTable: false });
  return instance;
}

async function main(): Promise<void> {
  const database = `alloy_bench_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const ds = createDataSource({ url: url.toString() });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await seedDatabase(ds);
  await ds.destroy();

  const port = String(20000 + Math.floor(Math.random() * 20000));
  const controlPlane = child(['apps/control-plane/src/main.ts'], {
    HOST: '127.0.0.1',
    PORT: port,
    GRPC_PORT: String(Number(port) + 1),
    DATABASE_URL: url.toString(),
    REDIS_URL,
    ARTIFACT_ROOT: mkdtempSync(path.join(tmpdir(), 'alloy-bench-')),
    LOG_LEVEL: 'warn',
  });
  let raw: ChildProcess | undefined;
  try {
    const target = `http://127.0.0.1:${port}/api/v1/domains`;
    const body = await waitFor(target);
    raw = child(['tools/bench/api/raw-server.ts'], {
      BENCH_BODY: body,
      PORT: String(Number(port) + 2),
    });
    const peer = `http://127.0.0.1:${Number(port) + 2}/api/v1/domains`;
    if ((await waitFor(peer)) !== body) throw new Error('the peer does not serve the same body');

    const ours = await load('control plane', target);
    const theirs = await load('raw node:http', peer);
    const row = (name: string, r: autocannon.Result) =>
      `${name.padEnd(16)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p99 ${String(r.latency.p99).padStart(5)} ms   errors ${r.errors + r.non2xx}`;
    console.log(
      `\nGET /api/v1/domains, ${values.connections} connections, ${values.seconds}s each, ${body.length} bytes`,
    );
    console.log(row('control plane', ours));
    console.log(row('raw node:http', theirs));
    console.log(
      `ratio (ours / theirs): requests/s ${(ours.requests.average / theirs.requests.average).toFixed(3)}, ` +
        `p99 latency ${(ours.latency.p99 / Math.max(theirs.latency.p99, 1)).toFixed(2)}x`,
    );
  } finally {
    controlPlane.kill('SIGTERM');
    raw?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
