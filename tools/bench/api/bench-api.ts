// GET /api/v1/domains on the real control plane, with an API key, against (1) the same control plane
// whose guard admits every request without reading a credential (what authentication costs) and
// (2) a raw node:http server returning the same JSON (the limit), in the same run, with the same
// load. Prints requests/s, p99 and the ratios (ours / theirs).
// Usage: npm run bench:api [-- --seconds 10 --connections 10]
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { newToken } from '@alloy/identity';
import autocannon from 'autocannon';
import { benchDatabase, REDIS_URL, spawnTs, waitForUrl } from '../shared/bench-database';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
async function load(
  title: string,
  url: string,
  headers: Record<string, string> = {},
  seconds = Number(values.seconds),
): Promise<autocannon.Result> {
  console.log(`\n${title}: ${url}`);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, headers, connections: Number(values.connections), duration: seconds },
      (error, result) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
    // Progress bar while it runs.
    autocannon.track(instance, { renderResultsTable: false, renderLatencyTable: false });
  });
}

/** The rounds of one target as one result: mean requests/s, median p99, summed errors. */
function combine(results: autocannon.Result[]): autocannon.Result {
  const p99s = results.map((r) => r.latency.p99).sort((a, b) => a - b);
  return {
    ...results[0],
    requests: {
      ...results[0].requests,
      average: results.reduce((sum, r) => sum + r.requests.average, 0) / results.length,
    },
    latency: { ...results[0].latency, p99: p99s[Math.floor(p99s.length / 2)] },
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

async function main(): Promise<void> {
  const db = await benchDatabase();

  const port = String(20000 + Math.floor(Math.random() * 20000));
  const key = newToken('ak').token;
  const auth = { authorization: `Bearer ${key}` };
  const env = (httpPort: number) => ({
    HOST: '127.0.0.1',
    PORT: String(httpPort),
    GRPC_PORT: String(httpPort + 1),
    DATABASE_URL: db.url,
    REDIS_URL,
    // Its own namespace: its event ingestor must not consume another installation's events.
    REDIS_NAMESPACE: `alloy-bench-${httpPort}`,
    ARTIFACT_ROOT: mkdtempSync(path.join(tmpdir(), 'alloy-bench-')),
    LOG_LEVEL: 'warn',
    SIGNING_SECRET: 'bench-signing-secret-of-enough-length',
    BOOTSTRAP_ADMIN_EMAIL: 'bench@alloy.local',
    BOOTSTRAP_ADMIN_API_KEY: key,
    // Counted in Redis on every request, as in production, but never reached.
    RATE_LIMIT_PER_MINUTE: process.env.BENCH_RATE_LIMIT ?? '1000000000',
  });
  const controlPlane = spawnTs('apps/control-plane/src/main.ts', env(Number(port)));
  let raw: ChildProcess | undefined;
  let open: ChildProcess | undefined;
  try {
    const target = `http://127.0.0.1:${port}/api/v1/domains`;
    const body = await waitForUrl(target, 60_000, auth);
    open = spawnTs('tools/bench/api/control-plane-without-auth.ts', {
      ...env(Number(port) + 3),
      BENCH_TOKEN: key,
    });
    const unguarded = `http://127.0.0.1:${Number(port) + 3}/api/v1/domains`;
    if ((await waitForUrl(unguarded)) !== body)
      throw new Error('the unauthenticated control plane does not serve the same body');
    raw = spawnTs('tools/bench/api/raw-server.ts', {
      BENCH_BODY: body,
      PORT: String(Number(port) + 2),
    });
    const peer = `http://127.0.0.1:${Number(port) + 2}/api/v1/domains`;
    if ((await waitForUrl(peer)) !== body) throw new Error('the peer does not serve the same body');

    // Warm-up (discarded): both control planes' code paths compiled before anything is counted.
    console.log('\nwarm-up');
    await load('control plane, with an API key', target, auth, 3);
    await load('control plane, guard admitting all', unguarded, {}, 3);
    // Interleaved rounds, so that a change in the machine's load falls on all three alike.
    const runs: [autocannon.Result, autocannon.Result, autocannon.Result][] = [];
    for (let round = 1; round <= Number(values.rounds); round += 1) {
      console.log(`\nround ${round} of ${values.rounds}`);
      runs.push([
        await load('control plane, with an API key', target, auth),
        await load('control plane, guard admitting all', unguarded),
        await load('raw node:http', peer),
      ]);
    }
    const ours = combine(runs.map((r) => r[0]));
    const withoutAuth = combine(runs.map((r) => r[1]));
    const theirs = combine(runs.map((r) => r[2]));
    const row = (name: string, r: autocannon.Result) =>
      `${name.padEnd(16)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p99 ${String(r.latency.p99).padStart(5)} ms   errors ${r.errors + r.non2xx}`;
    console.log(
      `\nGET /api/v1/domains, ${values.connections} connections, ${values.rounds} interleaved rounds of ${values.seconds}s each, ${body.length} bytes`,
    );
    console.log(row('with API key', ours));
    console.log(row('without auth', withoutAuth));
    console.log(row('raw node:http', theirs));
    const ratio = (a: autocannon.Result, b: autocannon.Result) =>
      `requests/s ${(a.requests.average / b.requests.average).toFixed(3)}, ` +
      `p99 latency ${(a.latency.p99 / Math.max(b.latency.p99, 1)).toFixed(2)}x`;
    console.log(`ratio (with key / without auth): ${ratio(ours, withoutAuth)}`);
    console.log(`ratio (with key / raw node:http): ${ratio(ours, theirs)}`);
    if (ours.errors + ours.non2xx + withoutAuth.errors + withoutAuth.non2xx > 0)
      throw new Error('requests failed during the bench');
  } finally {
    controlPlane.kill('SIGTERM');
    open?.kill('SIGTERM');
    raw?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
