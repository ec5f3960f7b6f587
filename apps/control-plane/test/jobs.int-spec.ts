import { WORKER_PROTOCOL_VERSION, redisKeys, workerQueueName } from '@alloy/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, type Harness, startControlPlane, uniqueName } from './control-plane-harness';
import { createModel, insertDatasetVersion } from './registry-fixtures';
import { asWorker, eventFields, signedXadd } from './worker-fixtures';

// The namespace of the control plane the harness starts.
const namespace = inject('redisNamespace');
const keys = redisKeys(namespace);

const registration = (gpus = 0) => ({
  host: 'test-host',
  gpus: Array.from({ length: gpus }, (_, index) => ({
    index,
    name: 'Test GPU',
    memoryTotalMb: 81_920,
    memoryUsedMb: 0,
    utilizationPercent: 0,
  })),
  labels: { pool: 'test' },
  maxConcurrentJobs: 1,
  protocolVersion: WORKER_PROTOCOL_VERSION,
  specVersions: [1],
  version: 'test',
  redisNamespace: namespace,
});

async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('jobs without a running worker process', () => {
  let h: Harness;
  let client: ReturnType<typeof api>;
  let redis: Redis;
  let model: string;
  let corpus: string;
  let chat: string;
  let mc: string;

  beforeAll(async () => {
    h = await startControlPlane({ SCHEDULER_INTERVAL_MS: '100' });
    client = api(h);
    redis = new Redis(inject('redisUrl'));
    ({ model } = await createModel(h, 'jobs'));
    corpus = await insertDatasetVersion(h, 'corpus', [{ text: 'interest rates and bonds' }]);
    chat = await insertDatasetVersion(h, 'chat', [
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
      },
    ]);
    mc = await insertDatasetVersion(h, 'multiple_choice', [
      { question: 'q?', choices: ['a', 'b'], answer: 0 },
    ]);
  });

  /**
   * A continued-pretraining job once it is placed, with the worker it is placed on: a new idle
   * worker joins first, so there is always one (an idle one of the earlier tests may be chosen).
   */
  const placedJob = async (prefix: string) => {
    const idle = uniqueName(prefix);
    await (await asWorker(h, idle)).put(`/api/v1/workers/${idle}`, registration(0));
    const job = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
    });
    const scheduled = await until(
      () => client.get(`/api/v1/jobs/${job.body.id}`),
      (r) => r.body.status === 'scheduled',
    );
    return { job, worker: scheduled.body.workerId as string };
  };

  afterAll(async () => {
    // The workers registered here have no process behind them: keep later suites' jobs off them.
    const listed = await client.get('/api/v1/workers');
    for (const w of listed.body.items as { id: string; host: string }[]) {
      if (w.host === 'test-host') await client.post(`/api/v1/workers/${w.id}/cordon`);
    }
    redis?.disconnect();
    await h?.close();
  });

  it('rejects jobs that do not fit the registry, naming the field', async () => {
    const wrongKind = await client.post('/api/v1/jobs', {
      model,
      kind: 'sft',
      method: 'lora',
      datasetVersionIds: [corpus],
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error).toMatchObject({
      code: 'WRONG_DATASET_KIND',
      details: [{ field: 'datasetVersionIds.0' }],
    });

    const badHyper = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
      hyperparameters: { learningRate: -1, warmup: 3 },
    });
    expect(badHyper.status).toBe(400);
    expect(badHyper.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'hyperparameters.learningRate',
      'hyperparameters.warmup',
    ]);

    const unknownDataset = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: ['2f1c8a3e-0000-4000-8000-000000000000'],
    });
    expect(unknownDataset.status).toBe(404);

    const noData = await client.post('/api/v1/jobs', { model, kind: 'sft' });
    expect(noData.status).toBe(400);
    expect(noData.body.error.details[0].field).toBe('datasetVersionIds');

    const pretrainLora = await client.post('/api/v1/jobs', {
      model,
      kind: 'pretrain',
      method: 'lora',
      datasetVersionIds: [corpus],
    });
    expect(pretrainLora.body.error.details[0].field).toBe('method');

    const unevenBatch = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
      resources: { gpus: 3 },
      hyperparameters: { batchSize: 8 },
    });
    expect(unevenBatch.status).toBe(400);
    expect(unevenBatch.body.error.details).toEqual([
      {
        field: 'hyperparameters.batchSize',
        message: 'the global batch (8) must divide by processes x gradientAccumulation (3 x 1)',
      },
    ]);

    const pipeline = await client.post('/api/v1/pipelines', {
      model,
      steps: [
        { kind: 'continued_pretraining', datasetVersionIds: [corpus] },
        { kind: 'sft', datasetVersionIds: [mc] },
      ],
    });
    expect(pipeline.status).toBe(400);
    expect(pipeline.body.error.details[0].field).toBe('steps.1.datasetVersionIds.0');
    // Nothing of the failed pipeline was written.
    expect((await client.get(`/api/v1/jobs?model=${model}`)).body.items).toEqual([]);
  });

  it('reports a job no registered worker can hold instead of leaving it waiting in silence', async () => {
    const worker = uniqueName('cpu-worker');
    expect(
      (await (await asWorker(h, worker)).put(`/api/v1/workers/${worker}`, registration(0))).status,
    ).toBe(200);
    const job = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
      resources: { gpus: 64, gpuMemoryGb: 80 },
    });
    expect(job.status).toBe(201);
    const seen = await until(
      () => client.get(`/api/v1/jobs/${job.body.id}`),
      (r) => !!r.body.unschedulableReason,
    );
    expect(seen.body.status).toBe('queued');
    expect(seen.body.unschedulableReason).toMatch(/needs 64 GPU/);
    await client.post(`/api/v1/jobs/${job.body.id}/cancel`);
  });

  it('places a job on a worker that can hold it, re-enqueues it after Redis loses it, and cancels it', async () => {
    const worker = uniqueName('gpu-worker');
    await (await asWorker(h, worker)).put(`/api/v1/workers/${worker}`, registration(2));
    const job = await client.post('/api/v1/jobs', {
      model,
      kind: 'sft',
      method: 'lora',
      datasetVersionIds: [chat],
      evalDatasetVersionIds: [mc],
      resources: { gpus: 2 },
    });
    const scheduled = await until(
      () => client.get(`/api/v1/jobs/${job.body.id}`),
      (r) => r.body.status === 'scheduled',
    );
    expect(scheduled.body).toMatchObject({ status: 'scheduled', workerId: worker });
    expect(scheduled.body.transitions.map((t: { to: string }) => t.to)).toEqual([
      'queued',
      'scheduled',
    ]);

    const queue = new Queue(workerQueueName(worker), {
      connection: redis,
      prefix: keys.queuePrefix,
    });
    try {
      const entry = await queue.getJob(job.body.id);
      expect(entry?.data.spec).toMatchObject({
        kind: 'sft',
        method: 'lora',
        datasets: [
          { versionId: chat, role: 'train', format: 'chat' },
          { versionId: mc, role: 'mc_eval', format: 'multiple_choice' },
        ],
        output: { dir: `jobs/${job.body.id}/output` },
      });
      expect(entry?.data.spec.hyperparameters.lora).toMatchObject({ rank: 8 });
      // two GPUs, so two data-parallel trainer processes
      expect(entry?.data.spec.parallelism).toEqual({ strategy: 'ddp', processes: 2 });

      // Redis loses everything about the queue; PostgreSQL still knows the job is scheduled.
      await queue.obliterate({ force: true });
      expect(await queue.getJob(job.body.id)).toBeUndefined();
      const back = await until(
        () => queue.getJob(job.body.id),
        (j) => !!j,
        15_000,
      );
      expect(back?.id).toBe(job.body.id);

      const cancelled = await client.post(`/api/v1/jobs/${job.body.id}/cancel`);
      expect(cancelled.body.status).toBe('cancelled');
      expect(await queue.getJob(job.body.id)).toBeUndefined();
      expect((await client.post(`/api/v1/jobs/${job.body.id}/cancel`)).status).toBe(409);
    } finally {
      await queue.close();
    }
  });

  it('stores events delivered twice only once, metrics included', async () => {
    // Events count only from the worker the job is placed on (any idle one of these tests).
    const { job, worker } = await placedJob('evt-worker');
    const send = (seq: number, event: object) =>
      signedXadd(
        redis,
        keys.eventsStream,
        '*',
        ...eventFields({ jobId: job.body.id, workerId: worker, runId: 'run-a', seq, event }),
      );
    const time = new Date().toISOString();
    await send(0, { type: 'started', time, totalSteps: 2 });
    await send(1, { type: 'metrics', time, step: 1, loss: 2.5, lr: 0.001 });
    await send(1, { type: 'metrics', time, step: 1, loss: 2.5, lr: 0.001 });
    // A resumed run (new runId) repeats step 1 after its checkpoint: the series keeps one point per step.
    await send(2, { type: 'metrics', time, step: 2, loss: 2.1, lr: 0.001 });
    await signedXadd(
      redis,
      keys.eventsStream,
      '*',
      ...eventFields({
        jobId: job.body.id,
        workerId: worker,
        runId: 'run-b',
        event: { type: 'metrics', time, step: 1, loss: 9, lr: 0.001 },
      }),
    );
    const metrics = await until(
      () => client.get(`/api/v1/jobs/${job.body.id}/metrics`),
      (r) => r.body.items.length >= 2,
    );
    expect(metrics.body.items.map((m: { step: number; loss: number }) => [m.step, m.loss])).toEqual(
      [
        [1, 2.5],
        [2, 2.1],
      ],
    );
    const events = await until(
      () => client.get(`/api/v1/jobs/${job.body.id}/events`),
      (r) => r.body.items.length >= 4,
    );
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
      'started',
      'metrics',
      'metrics',
      'metrics',
    ]);
    const running = await client.get(`/api/v1/jobs/${job.body.id}`);
    expect(running.body).toMatchObject({ status: 'running', attempts: 1 });
    await client.post(`/api/v1/jobs/${job.body.id}/cancel`);
  });

  it('ingests the events and fills the queues of its own Redis namespace only', async () => {
    // Any idle worker of the earlier tests may have been chosen.
    const { job, worker } = await placedJob('ns-worker');
    // Another installation on the same Redis, with a worker of the same id.
    const other = redisKeys(`${namespace}-other`);
    const event = (stream: string, runId: string, value: object) =>
      signedXadd(
        redis,
        stream,
        '*',
        ...eventFields({ jobId: job.body.id, workerId: worker, runId, event: value }),
      );
    const time = new Date().toISOString();
    const queues = [keys, other].map(
      (k) => new Queue(workerQueueName(worker), { connection: redis, prefix: k.queuePrefix }),
    );
    try {
      expect((await queues[0].getJob(job.body.id))?.id).toBe(job.body.id);
      expect(await queues[1].getJob(job.body.id)).toBeUndefined();

      // Written first, so an ingestor that read the other stream would have stored it first.
      await event(other.eventsStream, 'run-other', {
        type: 'failed',
        time,
        reason: 'not ours',
        retryable: false,
      });
      await event(keys.eventsStream, 'run-own', { type: 'started', time, totalSteps: 2 });
      const events = await until(
        () => client.get(`/api/v1/jobs/${job.body.id}/events`),
        (r) => r.body.items.length >= 1,
      );
      expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['started']);
      expect((await client.get(`/api/v1/jobs/${job.body.id}`)).body.status).toBe('running');
    } finally {
      // Opening a queue writes its meta key: leave nothing of the other namespace behind.
      await queues[1].obliterate({ force: true });
      await Promise.all(queues.map((q) => q.close()));
      await redis.del(other.eventsStream);
      await client.post(`/api/v1/jobs/${job.body.id}/cancel`);
    }
  });

  it('refuses a worker on another Redis namespace, naming both, and one that does not say', async () => {
    const worker = uniqueName('stranger');
    const refused = await (
      await asWorker(h, worker)
    ).put(`/api/v1/workers/${worker}`, {
      ...registration(1),
      redisNamespace: 'someone-else',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('REDIS_NAMESPACE_MISMATCH');
    expect(refused.body.error.message).toContain('"someone-else"');
    expect(refused.body.error.message).toContain(`"${namespace}"`);

    const silent = Object.fromEntries(
      Object.entries(registration(1)).filter(([key]) => key !== 'redisNamespace'),
    );
    const omitted = await (await asWorker(h, worker)).put(`/api/v1/workers/${worker}`, silent);
    expect(omitted.status).toBe(400);
    expect(omitted.body.error.details.map((d: { field: string }) => d.field)).toContain(
      'redisNamespace',
    );
    // Neither was recorded, so the scheduler never places a job on a queue nobody reads.
    expect((await client.get(`/api/v1/workers/${worker}`)).status).toBe(404);
  });

  it('refuses forged events, events from a worker the job is not placed on, and stale runs', async () => {
    const { job, worker } = await placedJob('gate-worker');
    const time = new Date().toISOString();
    const fields = (workerId: string, runId: string, event: object) =>
      eventFields({ jobId: job.body.id, workerId, runId, event });
    const failed = { type: 'failed', time, reason: 'forged', retryable: false };
    // Unsigned, and signed with a made-up key: Redis alone cannot speak for a worker.
    await redis.xadd(keys.eventsStream, '*', ...fields(worker, 'forged-1', failed));
    await redis.xadd(
      keys.eventsStream,
      '*',
      ...fields(worker, 'forged-2', failed),
      'signature',
      'AAAA',
    );
    // Properly signed, but by a worker the job is not placed on.
    const other = uniqueName('other-worker');
    await (await asWorker(h, other)).put(`/api/v1/workers/${other}`, registration(0));
    await client.post(`/api/v1/workers/${other}/cordon`);
    await signedXadd(redis, keys.eventsStream, '*', ...fields(other, 'other-run', failed));
    // Then a genuine one, which shows the ingestor has read past the others.
    await signedXadd(
      redis,
      keys.eventsStream,
      '*',
      ...fields(worker, 'real', { type: 'started', time, totalSteps: 2 }),
    );
    const events = await until(
      () => client.get(`/api/v1/jobs/${job.body.id}/events`),
      (r) => r.body.items.length >= 1,
    );
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['started']);
    expect((await client.get(`/api/v1/jobs/${job.body.id}`)).body.status).toBe('running');

    // A second run starts (the trainer was launched again): the first run's late events are stale.
    await signedXadd(
      redis,
      keys.eventsStream,
      '*',
      ...fields(worker, 'again', { type: 'started', time, totalSteps: 2 }),
    );
    await until(
      () => client.get(`/api/v1/jobs/${job.body.id}/events`),
      (r) => r.body.items.length >= 2,
    );
    const metric = (step: number) => ({
      type: 'metrics',
      time,
      step,
      loss: 1,
      lr: 0.1,
    });
    const late = { jobId: job.body.id, workerId: worker, runId: 'real', seq: 1, event: metric(1) };
    await signedXadd(redis, keys.eventsStream, '*', ...eventFields(late));
    const current = { ...late, runId: 'again', event: metric(2) };
    await signedXadd(redis, keys.eventsStream, '*', ...eventFields(current));
    const points = await until(
      () => client.get(`/api/v1/jobs/${job.body.id}/metrics`),
      (r) => r.body.items.length >= 1,
    );
    expect(points.body.items.map((m: { step: number }) => m.step)).toEqual([2]);
    await client.post(`/api/v1/jobs/${job.body.id}/cancel`);
  });

  it('lists workers with their GPUs and cordons and drains them', async () => {
    const worker = uniqueName('listed');
    await (await asWorker(h, worker)).put(`/api/v1/workers/${worker}`, registration(1));
    const list = await client.get('/api/v1/workers');
    const mine = list.body.items.find((w: { id: string }) => w.id === worker);
    expect(mine).toMatchObject({
      state: 'online',
      cordoned: false,
      gpus: [{ name: 'Test GPU', memoryTotalMb: 81_920 }],
    });
    expect((await client.post(`/api/v1/workers/${worker}/cordon`)).body.cordoned).toBe(true);
    const drained = await client.post(`/api/v1/workers/${worker}/drain`);
    expect(drained.body).toMatchObject({ cordoned: true, draining: true });
    const beat = await (
      await asWorker(h, worker)
    ).post(`/api/v1/workers/${worker}/heartbeat`, {
      gpus: [],
      runningJobIds: [],
      redisNamespace: namespace,
    });
    expect(beat.body).toMatchObject({ draining: true, queue: workerQueueName(worker) });
    // a heartbeat from another namespace (this control plane restarted on a new one) is refused
    // and not recorded: the worker goes offline instead of holding jobs it can never read
    const before = (await client.get(`/api/v1/workers/${worker}`)).body.lastHeartbeatAt;
    const foreign = await (
      await asWorker(h, worker)
    ).post(`/api/v1/workers/${worker}/heartbeat`, {
      gpus: [],
      runningJobIds: [],
      redisNamespace: 'someone-else',
    });
    expect(foreign.status).toBe(409);
    expect(foreign.body.error.code).toBe('REDIS_NAMESPACE_MISMATCH');
    expect((await client.get(`/api/v1/workers/${worker}`)).body.lastHeartbeatAt).toBe(before);
    const join = await client.post('/api/v1/worker-tokens', {});
    expect((await api(h, join.body.token).post('/api/v1/workers/Bad_Id/credentials')).status).toBe(
      400,
    );
  });
});
