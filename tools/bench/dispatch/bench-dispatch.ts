// Dispatch latency: POST /api/v1/jobs to the trainer process starting (p50, p99 over N jobs, with a
// trainer that exits at once; each job sent to an idle worker), through the real control plane,
// Redis, BullMQ and gpu-worker, with authentication as deployed: a bootstrap admin API key on every
// API call, a worker that joined with a join token made through the API. The peer, in the same run: a bare BullMQ Queue + Worker on the
// same Redis whose processor spawns the same stand-in trainer (Queue.add to trainer started), and
// the ratio ours / theirs.
// Event ingestion: events/s stored in PostgreSQL, signed by the job's worker as a worker signs them
// (signing is inside the timed part), against raw Redis stream writes and reads of the same signed
// entries in the same run (the limit). Usage: npm run bench:dispatch [-- --jobs 50 --events 5000]
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  deriveWorkerSigningKey,
  type JobEventMessage,
  type RedisKeys,
  redisKeys,
  signEventMessage,
} from '@alloy/contracts';
import { newToken } from '@alloy/identity';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import {
  benchDatabase,
  percentile,
  REDIS_URL,
  REPO_ROOT,
  spawnTs,
  waitForUrl,
} from '../shared/bench-database';

const { values } = parseArgs({
  options: { jobs: { type: 'string', default: '50' }, events: { type: 'string', default: '5000' } },
});
const JOBS = Number(values.jobs);
const EVENTS = Number(values.events);

/** The control plane's secret: the bench derives the worker's event signing key from it. */
const SIGNING_SECRET = 'bench-signing-secret-of-enough-length';
/** The first admin's API key, created by the control plane on the bench's empty database. */
const ADMIN_KEY = newToken('ak').token;

function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(
    `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
  );
  if (done === total) process.stdout.write('\n');
}

async function json(method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

/** A base model directory and a corpus dataset version: what a job needs to be dispatched. */
async function fixtures(
  api: string,
  databaseUrl: string,
  artifacts: string,
): Promise<{ model: string; dataset: string }> {
  const baseDir = path.join(artifacts, 'base-models/bench');
  mkdirSync(baseDir, { recursive: true });
  writeFileSync(
    path.join(baseDir, 'config.json'),
    JSON.stringify({
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 172,
      vocab_size: 512,
      max_position_embeddings: 256,
    }),
  );
  await json('POST', `${api}/base-models`, { name: 'bench', path: 'base-models/bench' });
  await json('POST', `${api}/models`, {
    name: 'bench-model',
    domain: 'finance',
    baseModel: 'bench',
  });
  const body = '{"text":"bench"}\n';
  const key = 'datasets/bench/v1/data.jsonl';
  mkdirSync(path.join(artifacts, 'datasets/bench/v1'), { recursive: true });
  writeFileSync(path.join(artifacts, key), body);
  const sha = createHash('sha256').update(body).digest('hex');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const ds = await db.query<{ id: string }>(
    `INSERT INTO datasets (organization_id, name, kind, domain_id) SELECT o.id, 'bench', 'corpus', d.id FROM organizations o, domains d WHERE o.name='default' AND d.name='finance' RETURNING id`,
  );
  const dv = await db.query<{ id: string }>(
    `INSERT INTO dataset_versions (dataset_id, version, status, source_sha256, source_bytes, source_format, sha256, record_count, artifact_key)
     VALUES ($1, 1, 'ready', $2, $3, 'jsonl', $2, 1, $4) RETURNING id`,
    [ds.rows[0].id, sha, body.length, key],
  );
  await db.end();
  return { model: 'bench-model', dataset: dv.rows[0].id };
}

async function dispatchLatency(api: string, model: string, dataset: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < JOBS; i += 1) {
    const sent = Date.now();
    const job = await json('POST', `${api}/jobs`, {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [dataset],
      maxAttempts: 1,
    });
    for (;;) {
      const events = await json('GET', `${api}/jobs/${job.id}/events`);
      const started = events.items.find((e: { type: string }) => e.type === 'started');
      if (started) {
        latencies.push(new Date(started.payload.time as string).getTime() - sent);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await untilEnded(api, job.id);
    progress('dispatch', i + 1, JOBS);
  }
  return latencies.sort((a, b) => a - b);
}

/**
 * How long the stand-in trainer stays after its last line (its `sleep 0.2`), and then some: the
 * next job goes to an idle worker, so each latency is dispatch alone, not a wait behind the last
 * job for the worker's one slot. Both loops pause the same.
 */
const TRAINER_EXIT_MS = 300;

/** Until the job has ended (the stand-in fails it) and its trainer process has exited. */
async function untilEnded(api: string, jobId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await json('GET', `${api}/jobs/${jobId}`)).status !== 'failed') {
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not end`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, TRAINER_EXIT_MS));
}

const INSTANT_TRAINER = path.join(REPO_ROOT, 'tools/bench/dispatch/instant-trainer.sh');

/**
 * Runs the stand-in trainer as the gpu-worker does: `onStarted` gets its `started` time as soon as
 * it reports it (NaN if it never does); resolves once it has exited.
 */
function runInstantTrainer(onStarted: (time: number) => void): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(INSTANT_TRAINER, [], { stdio: ['ignore', 'pipe', 'ignore'] });
    let buffered = '';
    let reported = false;
    const report = (time: number) => {
      if (!reported) onStarted(time);
      reported = true;
    };
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const event = JSON.parse(line) as { type: string; time: string };
        if (event.type === 'started') report(new Date(event.time).getTime());
      }
    });
    child.once('error', () => report(NaN));
    child.once('close', () => {
      report(NaN);
      resolve();
    });
  });
}

/**
 * The peer: the same enqueue -> trainer started, on a bare BullMQ Queue and Worker (defaults,
 * concurrency 1, one job at a time) on the same Redis, under the run's namespace. Its processor
 * spawns the same stand-in trainer and holds the job until it ends, as the gpu-worker does; nothing else
 * (no API, no registry, no scheduler, no signing, no work directory). Also times the processor's
 * first line.
 */
async function bareBullmqLatency(
  namespace: string,
): Promise<{ started: number[]; entered: number[] }> {
  const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
  const prefix = `${namespace}:bare`;
  const name = 'dispatch-peer';
  const entered = new Map<string, number>();
  const started = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const ended = new Map<string, () => void>();
  const worker = new Worker(
    name,
    async (job) => {
      entered.set(job.id!, Date.now());
      await runInstantTrainer((time) => {
        started.set(job.id!, time);
        waiting.get(job.id!)?.();
      });
      ended.get(job.id!)?.();
    },
    { connection, prefix, concurrency: 1 },
  );
  const queue = new Queue(name, { connection, prefix });
  const startedLatencies: number[] = [];
  const enteredLatencies: number[] = [];
  try {
    await worker.waitUntilReady();
    for (let i = 0; i < JOBS; i += 1) {
      const id = `peer-${i}`;
      const done = new Promise<void>((resolve) => waiting.set(id, resolve));
      const exited = new Promise<void>((resolve) => ended.set(id, resolve));
      const sent = Date.now();
      await queue.add('train', { jobId: id }, { jobId: id, removeOnComplete: true });
      const timeout = setTimeout(() => waiting.get(id)?.(), 60_000);
      await done;
      clearTimeout(timeout);
      if (!started.has(id)) throw new Error(`${id} did not start within 60 s`);
      if (Number.isNaN(started.get(id))) throw new Error(`${id}: the stand-in trainer failed`);
      startedLatencies.push(started.get(id)! - sent);
      enteredLatencies.push(entered.get(id)! - sent);
      // As in the loop above: the next job goes to an idle worker.
      await exited;
      await new Promise((r) => setTimeout(r, TRAINER_EXIT_MS));
      progress('bare BullMQ', i + 1, JOBS);
    }
  } finally {
    await worker.close();
    await queue.close();
  }
  return {
    started: startedLatencies.sort((a, b) => a - b),
    entered: enteredLatencies.sort((a, b) => a - b),
  };
}

async function ingestion(
  api: string,
  redis: Redis,
  keys: RedisKeys,
  databaseUrl: string,
  model: string,
  dataset: string,
): Promise<{ ours: number; raw: number; signingMs: number }> {
  let job = await json('POST', `${api}/jobs`, {
    model,
    kind: 'continued_pretraining',
    datasetVersionIds: [dataset],
    maxAttempts: 1,
  });
  // Events count only from the worker the job is placed on: wait until the scheduler has placed it
  // and the stand-in trainer has ended it, so none of the worker's own events interleave.
  const deadline = Date.now() + 60_000;
  while (!job.workerId || job.status !== 'failed') {
    if (Date.now() > deadline) throw new Error(`job ${job.id} did not end: ${job.status}`);
    await new Promise((r) => setTimeout(r, 50));
    job = await json('GET', `${api}/jobs/${job.id}`);
  }
  const workerId: string = job.workerId;
  const time = new Date().toISOString();
  const messages: JobEventMessage[] = Array.from({ length: EVENTS }, (_, i) => ({
    jobId: job.id,
    workerId,
    attempt: '1',
    runId: 'bench-run',
    seq: String(i),
    event: JSON.stringify({
      type: 'metrics',
      time,
      step: i + 1,
      loss: 2 + Math.sin(i),
      lr: 1e-4,
      tokensPerSecond: 1000,
    }),
  }));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  // Timed from here: signing each entry with the worker's key (what JobEventPublisher does before
  // its XADD) is part of what ingesting an event costs, so it is inside the measurement.
  const started = Date.now();
  const signingKey = deriveWorkerSigningKey(SIGNING_SECRET, workerId);
  const entries = messages.map((message) => {
    const fields: string[] = [];
    const signed = { ...message, signature: signEventMessage(signingKey, message) };
    for (const [name, value] of Object.entries<string>(signed)) fields.push(name, value);
    return fields;
  });
  const signingMs = Date.now() - started;
  const pipeline = redis.pipeline();
  for (const fields of entries) pipeline.xadd(keys.eventsStream, '*', ...fields);
  await pipeline.exec();
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM job_metrics WHERE job_id = $1',
      [job.id],
    );
    progress('ingestion', Math.min(rows[0].n, EVENTS), EVENTS);
    if (rows[0].n >= EVENTS) break;
    if (Date.now() - started > 120_000)
      throw new Error(`only ${rows[0].n} of ${EVENTS} events stored after 120 s (refused?)`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const ours = EVENTS / ((Date.now() - started) / 1000);
  await db.end();

  // The limit: the same signed entries written to a stream of their own and read back (no signing,
  // no verification, no database).
  const stream = `${keys.eventsStream}:raw`;
  const rawStart = Date.now();
  const rawPipeline = redis.pipeline();
  for (const fields of entries) rawPipeline.xadd(stream, '*', ...fields);
  await rawPipeline.exec();
  let read = 0;
  let last = '0';
  while (read < EVENTS) {
    const reply = await redis.xread('COUNT', 100, 'STREAMS', stream, last);
    const batch = reply?.[0]?.[1] ?? [];
    read += batch.length;
    last = batch.at(-1)?.[0] ?? last;
  }
  const raw = EVENTS / ((Date.now() - rawStart) / 1000);
  await redis.del(stream);
  return { ours, raw, signingMs };
}

/** The run's stream and queues go with it. */
async function deleteNamespace(redis: Redis, namespace: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
    if (found.length > 0) await redis.unlink(...found);
    cursor = next;
  } while (cursor !== '0');
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  const artifacts = mkdtempSync(path.join(tmpdir(), 'alloy-bench-artifacts-'));
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const api = `http://127.0.0.1:${port}/api/v1`;
  // A namespace of its own: the run neither disturbs nor sees an installation on the same Redis.
  const namespace = `alloy-bench-${port}`;
  const keys = redisKeys(namespace);
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_NAMESPACE: namespace,
    ARTIFACT_ROOT: artifacts,
    LOG_LEVEL: 'warn',
  };
  const workerId = `bench-${port}`;
  const controlPlane = spawnTs('apps/control-plane/src/main.ts', {
    ...env,
    HOST: '127.0.0.1',
    PORT: port,
    GRPC_PORT: String(Number(port) + 1),
    SCHEDULER_INTERVAL_MS: '1000',
    SIGNING_SECRET,
    BOOTSTRAP_ADMIN_EMAIL: 'bench@alloy.local',
    BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY,
    // Counted in Redis on every request, as in production, but never reached by the polling below.
    RATE_LIMIT_PER_MINUTE: '1000000000',
  });
  let worker: ChildProcess | undefined;
  const redis = new Redis(REDIS_URL);
  try {
    await waitForUrl(`http://127.0.0.1:${port}/readyz`);
    // A worker joins as in production: an admin makes a join token, the worker exchanges it.
    const { token } = await json('POST', `${api}/worker-tokens`, { name: 'dispatch bench' });
    worker = spawnTs('apps/gpu-worker/src/main.ts', {
      ...env,
      WORKER_ID: workerId,
      WORKER_TOKEN: token,
      CONTROL_PLANE_URL: `http://127.0.0.1:${port}`,
      WORK_DIR: mkdtempSync(path.join(tmpdir(), 'alloy-bench-work-')),
      TRAINER_PYTHON: path.join(REPO_ROOT, 'tools/bench/dispatch/instant-trainer.sh'),
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const workers = await json('GET', `${api}/workers`);
      if (
        workers.items.some(
          (w: { id: string; state: string }) => w.id === workerId && w.state === 'online',
        )
      )
        break;
      if (Date.now() > deadline) throw new Error(`worker ${workerId} did not come online`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const { model, dataset } = await fixtures(api, db.url, artifacts);
    const latencies = await dispatchLatency(api, model, dataset);
    const bare = await bareBullmqLatency(namespace);
    const { ours, raw, signingMs } = await ingestion(api, redis, keys, db.url, model, dataset);
    console.log(
      `\nDispatch: POST /api/v1/jobs -> trainer process started, ${JOBS} jobs one after another`,
    );
    const line = (sorted: number[]) =>
      `p50 ${percentile(sorted, 50)} ms   p99 ${percentile(sorted, 99)} ms   min ${sorted[0]} ms   max ${sorted.at(-1)} ms`;
    console.log(`  ${line(latencies)}`);
    console.log(
      `Peer: bare BullMQ, Queue.add -> Worker spawns the same stand-in trainer -> started, ${JOBS} jobs`,
    );
    console.log(`  ${line(bare.started)}`);
    console.log(`  (Queue.add -> processor called: ${line(bare.entered)})`);
    const ratio = (p: number) =>
      (percentile(latencies, p) / Math.max(percentile(bare.started, p), 1)).toFixed(1);
    console.log(`  ratio (ours / bare BullMQ): p50 ${ratio(50)}x, p99 ${ratio(99)}x`);
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(64)} ${value}`);
    console.log(
      `Event ingestion, ${EVENTS} metric events signed with the key of the job's worker (${workerId})`,
    );
    row('stored in PostgreSQL, signing included:', `${ours.toFixed(0)} events/s`);
    console.log(
      '    (sign, XADD, consumer group, signature and placement check, batched transactions)',
    );
    row(`  of which signing the ${EVENTS} entries:`, `${signingMs} ms`);
    row('raw Redis stream write + read of the same signed entries:', `${raw.toFixed(0)} events/s`);
    console.log(`  ratio (ours / raw): ${(ours / raw).toFixed(3)}`);
  } finally {
    worker?.kill('SIGTERM');
    controlPlane.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await deleteNamespace(redis, namespace);
    redis.disconnect();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
