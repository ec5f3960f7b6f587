// GET /api/v1/domains on the real control plane against a raw node:http server returning the same
// JSON, in the same run, with the same load. Prints requests/s, p99 and the ratio (ours / theirs).
// Usage: npm run bench:api [-- --seconds 10 --connections 10]
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { benchDatabase, REDIS_URL, spawnTs, waitForUrl } from '../shared/bench-database';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
  },
});
async function load(title: string, url: string): Promise<autocannon.Result> {
  console.log(`\n${title}: ${url}`);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections: Number(values.connections), duration: Number(values.seconds) },
      (error, result) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
    // Progress bar while it runs.
    autocannon.track(instance, { renderResultsTable: false, renderLatencyTable: false });
  });
}

async function main(): Promise<void> {
  const db = await benchDatabase();

  const port = String(20000 + Math.floor(Math.random() * 20000));
  const controlPlane = spawnTs('apps/control-plane/src/main.ts', {
    HOST: '127.0.0.1',
    PORT: port,
    GRPC_PORT: String(Number(port) + 1),
    DATABASE_URL: db.url,
    REDIS_URL,
    // Its own namespace: its event ingestor must not consume another installation's events.
    REDIS_NAMESPACE: `alloy-bench-${port}`,
    ARTIFACT_ROOT: mkdtempSync(path.join(tmpdir(), 'alloy-bench-')),
    LOG_LEVEL: 'warn',
  });
  let raw: ChildProcess | undefined;
  try {
    const target = `http://127.0.0.1:${port}/api/v1/domains`;
    const body = await waitForUrl(target);
    raw = spawnTs('tools/bench/api/raw-server.ts', {
      BENCH_BODY: body,
      PORT: String(Number(port) + 2),
    });
    const peer = `http://127.0.0.1:${Number(port) + 2}/api/v1/domains`;
    if ((await waitForUrl(peer)) !== body) throw new Error('the peer does not serve the same body');

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
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
