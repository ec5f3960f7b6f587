// Test harness: a real artifact store with a tiny base model and corpus, real worker processes,
// the real BullMQ queue and the real events stream.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashDirectory, hashFile } from '@alloy/artifact-store';
import {
  redisKeys,
  signJobData,
  workerQueueName,
  type JobSpec,
  type TrainingJobData,
  type WorkerJobEvent,
} from '@alloy/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
const TRAINER_DIR = path.join(REPO_ROOT, 'apps/gpu-worker/trainer');
const PYTHON = process.env.ALLOY_PYTHON ?? '/usr/bin/python3';

/** The worker join token the test workers start with, and the signing key they are handed for it. */
export const JOIN_TOKEN = `alloy_wj_${'t'.repeat(16)}_${'j'.repeat(43)}`;
export const SIGNING_KEY = randomBytes(32).toString('base64url');

/** What a control plane answers to a worker's join: its credential and signing key. */
export function credentialFor(workerId: string): string {
  return JSON.stringify({
    workerId,
    token: `alloy_wk_${'w'.repeat(16)}_${'k'.repeat(43)}`,
    signingKey: SIGNING_KEY,
  });
}

/**
 * A control plane that answers only the join (so the worker can verify its jobs) and is
 * unavailable for everything else: registration keeps retrying while jobs still run.
 */
export async function joinOnlyControlPlane(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer((req, res) => {
    const id = /^\/api\/v1\/workers\/([^/]+)\/credentials$/.exec(req.url ?? '')?.[1];
    req.resume();
    if (req.method === 'POST' && id) {
      res.writeHead(201, { 'content-type': 'application/json' }).end(credentialFor(id));
    } else {
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end('{"error":{"code":"UNAVAILABLE"}}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const BASE_KEY = 'models/tiny/1';
export const CORPUS_KEY = 'datasets/corpus/1/data.jsonl';

const WORDS = (
  'the bank raised the rate on the loan and the market held steady while the patient ' +
  'rested in the hospital and the student read the lesson at school'
).split(' ');

/** A store holding a tiny base model (made by the trainer's init-model) and a small corpus. */
export async function createStore(): Promise<{ dir: string; root: string; workDir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'alloy-worker-it-'));
  const root = path.join(dir, 'artifacts');
  const corpus = path.join(root, CORPUS_KEY);
  await mkdir(path.dirname(corpus), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < 200; i += 1) {
    const start = (i * 7) % (WORDS.length - 12);
    lines.push(JSON.stringify({ text: WORDS.slice(start, start + 12).join(' ') }));
  }
  await writeFile(corpus, `${lines.join('\n')}\n`);
  execFileSync(
    PYTHON,
    ['-m', 'alloy_trainer', 'init-model', '--config', 'tiny', '--vocab-size', '300'].concat([
      '--tokenizer-corpus',
      corpus,
      '--out',
      path.join(root, BASE_KEY),
    ]),
    { cwd: TRAINER_DIR, stdio: 'ignore' },
  );
  return { dir, root, workDir: path.join(dir, 'work') };
}

/** A queued job: continued pretraining of the tiny model on the corpus. */
export async function trainingJob(
  storeRoot: string,
  jobId: string,
  hyperparameters: JobSpec['hyperparameters'],
  corpusSha256?: string,
): Promise<TrainingJobData> {
  const files = await hashDirectory(path.join(storeRoot, BASE_KEY));
  const corpus = await hashFile(path.join(storeRoot, CORPUS_KEY));
  return {
    protocolVersion: 1,
    jobId,
    spec: {
      specVersion: 1,
      jobId,
      kind: 'continued_pretraining',
      method: 'full',
      base: { versionId: null, path: BASE_KEY },
      datasets: [{ path: CORPUS_KEY, role: 'train', format: 'corpus' }],
      hyperparameters: { batchSize: 2, seqLen: 32, logEvery: 1, ...hyperparameters },
      precision: 'fp32',
      // a job writes only under jobs/<its id>/
      output: { dir: `jobs/${jobId}/output`, checkpointDir: `jobs/${jobId}/checkpoints` },
    },
    inputs: {
      base: { key: BASE_KEY, files },
      datasets: [{ key: CORPUS_KEY, sha256: corpusSha256 ?? corpus.sha256 }],
    },
  };
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A TCP port nothing listens on (the control plane the worker cannot reach). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A worker as a real process (`nx serve gpu-worker`), with its output kept. */
export class WorkerProcess {
  readonly child: ChildProcess;
  output = '';

  constructor(env: Record<string, string>) {
    this.child = spawn(
      process.execPath,
      ['-r', './tools/register.cjs', 'apps/gpu-worker/src/main.ts'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, WORKER_TOKEN: JOIN_TOKEN, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    }
  }

  async waitForLog(message: string, timeoutMs = 60_000): Promise<void> {
    await waitFor(() => (this.output.includes(`"msg":"${message}"`) ? true : undefined), timeoutMs);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.on('exit', resolve));
    this.child.kill(signal);
    return exited;
  }
}

export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface StreamEvent {
  runId: string;
  seq: number;
  attempt: number;
  workerId: string;
  event: WorkerJobEvent;
}

/** Reads the events stream of a namespace for the tests' jobs, from the moment it was created. */
export class EventsReader {
  private startId = '0';
  private readonly stream: string;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.stream = redisKeys(namespace).eventsStream;
  }

  async mark(): Promise<void> {
    const [seconds, micros] = await this.redis.time();
    this.startId = `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)}-0`;
  }

  async events(jobId: string): Promise<StreamEvent[]> {
    const entries = await this.redis.xrange(this.stream, this.startId, '+');
    const out: StreamEvent[] = [];
    for (const [, fields] of entries) {
      const m: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) m[fields[i]] = fields[i + 1];
      if (m.jobId !== jobId) continue;
      out.push({
        runId: m.runId,
        seq: Number(m.seq),
        attempt: Number(m.attempt),
        workerId: m.workerId,
        event: JSON.parse(m.event) as WorkerJobEvent,
      });
    }
    return out;
  }

  waitForEvent(
    jobId: string,
    match: (e: StreamEvent) => boolean,
    timeoutMs = 120_000,
  ): Promise<StreamEvent> {
    return waitFor(async () => (await this.events(jobId)).find(match), timeoutMs);
  }
}

/** A worker's queue as the control plane of `namespace` opens it. */
export function openQueue(
  redisUrl: string,
  namespace: string,
  workerId: string,
): Queue<TrainingJobData> {
  return new Queue<TrainingJobData>(workerQueueName(workerId), {
    connection: { url: redisUrl },
    prefix: redisKeys(namespace).queuePrefix,
  });
}

/**
 * As the control plane adds a job: signed with the worker's key, BullMQ id = job id, explicit
 * retries, failures kept. `signed: false` puts an entry the control plane never made.
 */
export async function enqueue(
  queue: Queue<TrainingJobData>,
  data: TrainingJobData,
  signed = true,
): Promise<void> {
  await queue.add('train', signed ? signJobData(SIGNING_KEY, data) : data, {
    jobId: data.jobId,
    attempts: 3,
    backoff: { type: 'fixed', delay: 500 },
    removeOnFail: false,
  });
}
