/**
 * The first start, timed per stage against its limit (15 minutes on a 2-core machine), and what it
 * taught each domain model against the base model it started from.
 *
 *   npm run bench:first-start [-- --scale tiny]
 *
 * Runs `node tools/up/up.mjs` on a new database, artifact store, Redis namespace and ports, waits
 * for the first start to finish, prints the stage timings with the ratio to the limit and, per
 * domain, the base / continued pretraining / instruction-tuned evaluation with ratios to the base,
 * then stops everything and drops the database.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ADMIN_URL, REDIS_URL, REPO_ROOT } from '../shared/bench-database';

const LIMIT_SECONDS = 15 * 60;

interface Report {
  timings: { stage: string; ms: number }[];
  domains: { model: string; promoted: boolean; evaluation: [string, Record<string, number>][] }[];
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const scale = process.argv.includes('--scale')
    ? process.argv[process.argv.indexOf('--scale') + 1]
    : 'full';
  const database = `alloy_bench_first_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const home = mkdtempSync(path.join(tmpdir(), 'alloy-bench-first-start-'));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const reportFile = path.join(home, 'first-start.json');
  const started = Date.now();
  const up = spawn(process.execPath, ['tools/up/up.mjs'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      REDIS_URL,
      REDIS_NAMESPACE: database,
      PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
      MODEL_SERVER_PORT: String(await freePort()),
      MODEL_SERVER_GRPC_PORT: String(await freePort()),
      ARTIFACT_ROOT: path.join(home, 'artifacts'),
      WORK_DIR: path.join(home, 'work'),
      ALLOY_SECRETS_FILE: path.join(home, 'secrets.json'),
      ALLOY_FIRST_START_SCALE: scale,
      ALLOY_FIRST_START_REPORT: reportFile,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const finished = new Promise<void>((resolve, reject) => {
    up.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      // progress lines of the loop itself, not the apps' logs
      for (const line of text.split('\n')) if (/^(▸| {2}\S.* · )/.test(line)) console.log(line);
      if (/^First start done\.$/m.test(output)) resolve();
      if (/first start stopped/.test(output)) reject(new Error(output.slice(-2000)));
    });
    up.on('exit', (code) => reject(new Error(`up exited (${code}):\n${output.slice(-2000)}`)));
  });
  try {
    await finished;
    const wall = (Date.now() - started) / 1000;
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    console.log(`\nfirst start (${scale}), per stage:`);
    for (const t of report.timings)
      console.log(`  ${t.stage.padEnd(74)} ${(t.ms / 1000).toFixed(0).padStart(5)} s`);
    console.log(
      `  ${'whole `npm run up` (install check, console build, apps, samples, training)'.padEnd(74)} ${wall.toFixed(0).padStart(5)} s`,
    );
    console.log(
      `ratio to the 15-minute limit (ours / limit): ${(wall / LIMIT_SECONDS).toFixed(2)}`,
    );
    for (const d of report.domains) {
      console.log(`\n${d.model} (${d.promoted ? 'promoted' : 'held back by its gate'}):`);
      console.log(
        `  ${'version'.padEnd(28)} ${'domain ppl'.padStart(10)} ${'/ base'.padStart(7)} ${'general ppl'.padStart(11)} ${'/ base'.padStart(7)} ${'mc acc'.padStart(7)} ${'safety'.padStart(7)}`,
      );
      const base = d.evaluation.find(([label]) => label === 'base')?.[1] ?? {};
      for (const [label, m] of d.evaluation) {
        const ratio = (key: string) =>
          m[key] && base[key] ? (m[key] / base[key]).toFixed(2) : '-';
        const num = (v: number | undefined, digits = 2) =>
          typeof v === 'number' ? v.toFixed(digits) : '-';
        console.log(
          `  ${label.padEnd(28)} ${num(m.domainPerplexity).padStart(10)} ${ratio('domainPerplexity').padStart(7)} ${num(m.generalPerplexity).padStart(11)} ${ratio('generalPerplexity').padStart(7)} ${num(m.mcAccuracy).padStart(7)} ${num(m.safetyPassRate).padStart(7)}`,
        );
      }
    }
  } finally {
    if (up.exitCode === null) {
      up.kill('SIGINT');
      await new Promise((resolve) => up.once('exit', resolve));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
