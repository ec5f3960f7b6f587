import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redisKeys, workerQueueName } from '@alloy/contracts';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  api,
  type Harness,
  startControlPlane,
  uniqueName,
} from '../../apps/control-plane/test/control-plane-harness';
import { insertDatasetVersion } from '../../apps/control-plane/test/registry-fixtures';
import { initTinyModel, until, WorkerProcess } from './system-harness';

const CORPUS = Array.from({ length: 60 }, (_, i) => ({
  text: `Credit risk is the chance that a borrower fails to repay a loan on time. (${i})`,
}));
const HP = {
  batchSize: 2,
  seqLen: 32,
  warmupSteps: 0,
  logEvery: 1,
  learningRate: 0.003,
  maxSteps: 100,
  checkpointEvery: 3,
};

interface EventItem {
  type: string;
  workerId: string;
  attempt: number;
  payload: Record<string, any>;
}

// The restart of a killed worker under the same id is covered in training.e2e-spec.ts; here the
// killed worker never comes back and the control plane alone must get its job out of Redis.
describe('a worker lost for good: its job moves to another worker', () => {
  let h: Harness;
  let client: ReturnType<typeof api>;
  let model: string;
  let corpus: string;
  let joinToken = '';
  const workers: WorkerProcess[] = [];
  const redis = new Redis(inject('redisUrl'));

  const startWorker = (workerId: string) => {
    const worker = new WorkerProcess({
      WORKER_TOKEN: joinToken,
      WORKER_ID: workerId,
      CONTROL_PLANE_URL: h.baseUrl,
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
      ARTIFACT_ROOT: h.artifactRoot,
      // each worker its own disk: the checkpoint reaches the other one only through the store
      WORK_DIR: mkdtempSync(path.join(tmpdir(), 'alloy-work-')),
      LOG_LEVEL: 'info',
      HEARTBEAT_INTERVAL_MS: '1000',
      LOCK_DURATION_MS: '4000',
      STALLED_INTERVAL_MS: '1500',
    });
    workers.push(worker);
    return until(
      () => client.get(`/api/v1/workers/${workerId}`),
      (r) => r.body?.state === 'online',
      60_000,
      `worker ${workerId} to register`,
    );
  };

  beforeAll(async () => {
    h = await startControlPlane({ SCHEDULER_INTERVAL_MS: '200' });
    client = api(h);
    const base = uniqueName('tiny');
    initTinyModel(
      path.join(h.artifactRoot, 'base-models', base),
      CORPUS.map((r) => r.text),
    );
    expect(
      (await client.post('/api/v1/base-models', { name: base, path: `base-models/${base}` }))
        .status,
    ).toBe(201);
    model = uniqueName('fin-loss');
    expect(
      (await client.post('/api/v1/models', { name: model, domain: 'finance', baseModel: base }))
        .status,
    ).toBe(201);
    corpus = await insertDatasetVersion(h, 'corpus', CORPUS);
    joinToken = (await client.post('/api/v1/worker-tokens', { name: 'worker-loss e2e' })).body
      .token;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    redis.disconnect();
    await h?.close();
  });

  it('kill -9 of a worker that never returns: another worker resumes the job from its checkpoint, nothing stored twice', async () => {
    const lost = uniqueName('lost-worker');
    const other = uniqueName('other-worker');
    await startWorker(lost);
    // the other worker is online from the start but takes nothing until the first one is gone,
    // so the job is placed on the first one
    await startWorker(other);
    expect((await client.post(`/api/v1/workers/${other}/cordon`)).status).toBe(200);
    const created = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
      hyperparameters: HP,
    });
    expect(created.status).toBe(201);
    const jobId = created.body.id as string;
    const job = () => client.get(`/api/v1/jobs/${jobId}`);
    await until(
      job,
      (r) => r.body.workerId === lost && (r.body.lastCheckpointStep ?? 0) >= 3,
      180_000,
      'a checkpoint on the first worker',
    );
    await workers[0].stop('SIGKILL');
    expect((await client.post(`/api/v1/workers/${other}/uncordon`)).status).toBe(200);

    const done = await until(
      job,
      (r) => ['succeeded', 'failed', 'cancelled'].includes(r.body.status),
      300_000,
      `job ${jobId} to finish`,
    );
    expect(done.body).toMatchObject({ status: 'succeeded', workerId: other });
    const reasons = done.body.transitions.map((t: { reason: string }) => t.reason);
    expect(reasons).toContain(`worker ${lost} stopped heartbeating; rescheduling`);
    // the control plane cleared the lost worker's queue entry itself
    const { queuePrefix } = redisKeys(inject('redisNamespace'));
    expect(await redis.exists(`${queuePrefix}:${workerQueueName(lost)}:${jobId}`)).toBe(0);

    // resumed on the other worker from a checkpoint, not restarted from step 0
    const events = (await client.get(`/api/v1/jobs/${jobId}/events?limit=1000`)).body
      .items as EventItem[];
    const started = events.filter((e) => e.type === 'started');
    expect(started[0].workerId).toBe(lost);
    const resumed = started.at(-1)!;
    expect(resumed.workerId).toBe(other);
    expect(resumed.payload.resumedFromStep).toBeGreaterThanOrEqual(3);
    const resumedSteps = events
      .filter((e) => e.type === 'metrics' && e.workerId === other && 'lr' in e.payload)
      .map((e) => e.payload.step as number);
    expect(Math.min(...resumedSteps)).toBe(resumed.payload.resumedFromStep + 1);

    // nothing stored twice: each run reports each step once, the series has each step once, and
    // the job made one version
    for (const worker of [lost, other]) {
      const steps = events
        .filter((e) => e.type === 'metrics' && e.workerId === worker && 'lr' in e.payload)
        .map((e) => e.payload.step as number);
      expect(new Set(steps).size).toBe(steps.length);
    }
    expect(events.filter((e) => e.type === 'completed')).toHaveLength(1);
    const series = (await client.get(`/api/v1/jobs/${jobId}/metrics`)).body.items.map(
      (p: { step: number }) => p.step,
    );
    expect(series).toEqual(Array.from({ length: HP.maxSteps }, (_, i) => i + 1));
    const versions = (await client.get(`/api/v1/models/${model}/versions`)).body.items as {
      id: string;
      jobId: string;
      metrics: Record<string, number>;
    }[];
    expect(versions.filter((v) => v.jobId === jobId).map((v) => v.id)).toEqual([
      done.body.resultVersionId,
    ]);

    // whole-run figures: every step of the run, every token it trained on (full blocks of seqLen)
    const version = versions.find((v) => v.id === done.body.resultVersionId)!;
    expect(version.metrics.steps).toBe(HP.maxSteps);
    expect(version.metrics.tokens).toBe(HP.maxSteps * HP.batchSize * HP.seqLen);
  });
});
