import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  api,
  bearer,
  type Harness,
  startControlPlane,
  uniqueName,
} from '../../apps/control-plane/test/control-plane-harness';
import { insertDatasetVersion } from '../../apps/control-plane/test/registry-fixtures';
import { initTinyModel, readSse, until, WorkerProcess } from './system-harness';

const SENTENCES = [
  'The central bank raised the policy rate by a quarter point to cool inflation.',
  'Bond prices fall when interest rates rise, and yields move the other way.',
  '银行的存款利率随着基准利率的调整而变化。',
  'A diversified portfolio spreads risk across equities, bonds and cash.',
  '基金经理根据市场风险调整资产配置。',
  'Credit risk is the chance that a borrower fails to repay a loan on time.',
];
const CORPUS = Array.from({ length: 60 }, (_, i) => ({
  text: `${SENTENCES[i % SENTENCES.length]} (${i})`,
}));
const CHAT = Array.from({ length: 24 }, (_, i) => ({
  messages: [
    { role: 'user', content: `What is credit risk? (${i})` },
    { role: 'assistant', content: 'The chance that a borrower fails to repay on time.' },
  ],
}));

const TINY = { batchSize: 2, seqLen: 32, warmupSteps: 0, logEvery: 1, learningRate: 0.003 };

describe('training end to end: control plane, BullMQ, gpu-worker and the PyTorch trainer', () => {
  let h: Harness;
  let client: ReturnType<typeof api>;
  let model: string;
  let corpus: string;
  let chat: string;
  let workerId: string;
  const workers: WorkerProcess[] = [];
  const workDir = mkdtempSync(path.join(tmpdir(), 'alloy-work-'));
  /** A join token the admin made; every worker process of this suite starts with it. */
  let joinToken = '';

  const startWorker = () => {
    const worker = new WorkerProcess({
      WORKER_TOKEN: joinToken,
      WORKER_ID: workerId,
      CONTROL_PLANE_URL: h.baseUrl,
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
      ARTIFACT_ROOT: h.artifactRoot,
      WORK_DIR: workDir,
      LOG_LEVEL: 'info',
      LOCK_DURATION_MS: '4000',
      STALLED_INTERVAL_MS: '1500',
      CANCEL_GRACE_MS: '20000',
    });
    workers.push(worker);
    return worker;
  };

  const job = (id: string) => client.get(`/api/v1/jobs/${id}`);
  const finished = (id: string, timeoutMs = 240_000) =>
    until(
      () => job(id),
      (r) => ['succeeded', 'failed', 'cancelled'].includes(r.body.status),
      timeoutMs,
      `job ${id} to finish`,
    );

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
    model = uniqueName('fin-e2e');
    expect(
      (await client.post('/api/v1/models', { name: model, domain: 'finance', baseModel: base }))
        .status,
    ).toBe(201);
    corpus = await insertDatasetVersion(h, 'corpus', CORPUS);
    chat = await insertDatasetVersion(h, 'chat', CHAT);
    workerId = uniqueName('e2e-worker');
    joinToken = (await client.post('/api/v1/worker-tokens', { name: 'e2e workers' })).body.token;
    startWorker();
    await until(
      () => client.get(`/api/v1/workers/${workerId}`),
      (r) => r.body?.state === 'online',
      60_000,
      'the worker to register',
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await h?.close();
  });

  it('runs continued pretraining: metrics arrive over SSE, and the new version has its lineage', async () => {
    const created = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
      hyperparameters: { ...TINY, maxSteps: 6 },
    });
    expect(created.status).toBe(201);
    const events = await readSse(
      `${h.baseUrl}/api/v1/jobs/${created.body.id}/events/stream`,
      undefined,
      bearer(),
    );
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types.filter((t) => t === 'metrics').length).toBeGreaterThanOrEqual(6);
    expect(types.at(-1)).toBe('end');
    expect(events.at(-1)!.data.status).toBe('succeeded');

    const done = await job(created.body.id);
    expect(done.body).toMatchObject({ status: 'succeeded', attempts: 1, workerId });
    // Other suites' workers may exist in the shared test database; the job may be placed more
    // than once, but it always starts queued and ends running -> succeeded on this worker.
    const statuses = done.body.transitions.map((t: { to: string }) => t.to);
    expect(statuses[0]).toBe('queued');
    expect(statuses.slice(-3)).toEqual(['scheduled', 'running', 'succeeded']);
    const version = await client.get(`/api/v1/model-versions/${done.body.resultVersionId}`);
    expect(version.body).toMatchObject({
      model,
      version: 1,
      status: 'ready',
      jobId: created.body.id,
      parentVersionId: null,
    });
    expect(version.body.datasetVersionIds).toEqual([corpus]);
    expect(version.body.files.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['config.json', 'model.safetensors', 'alloy.json']),
    );
    expect(version.body.metrics.trainLoss).toBeGreaterThan(0);
    const series = await client.get(`/api/v1/jobs/${created.body.id}/metrics`);
    expect(series.body.items.map((p: { step: number }) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('runs a pipeline: instruction tuning starts from the continued-pretraining version, evaluation from the LoRA version', async () => {
    const pipeline = await client.post('/api/v1/pipelines', {
      model,
      // its own evaluate step only, none added around each training step
      evaluate: false,
      steps: [
        {
          kind: 'continued_pretraining',
          datasetVersionIds: [corpus],
          hyperparameters: { ...TINY, maxSteps: 3 },
        },
        {
          kind: 'sft',
          method: 'lora',
          datasetVersionIds: [chat],
          hyperparameters: { ...TINY, maxSteps: 3 },
        },
        // runs on the LoRA version: the trainer needs the merged model beside the adapter
        { kind: 'evaluate', evalDatasetVersionIds: [corpus], hyperparameters: { seqLen: 32 } },
      ],
    });
    expect(pipeline.status).toBe(201);
    const [first, second, third] = pipeline.body.jobs as { id: string }[];
    const evaluation = await finished(third.id);
    expect(evaluation.body.status).toBe('succeeded');
    const last = await job(second.id);
    expect(last.body.status).toBe('succeeded');
    expect(evaluation.body.baseVersionId).toBe(last.body.resultVersionId);
    const firstJob = await job(first.id);
    expect(last.body.baseVersionId).toBe(firstJob.body.resultVersionId);
    const lineage = await client.get(`/api/v1/model-versions/${last.body.resultVersionId}/lineage`);
    expect(lineage.body.ancestors.map((a: { id: string }) => a.id)).toEqual([
      firstJob.body.resultVersionId,
    ]);
    expect(lineage.body.version.hyperparameters).toMatchObject({ kind: 'sft', method: 'lora' });
    // the version keeps the adapter (PEFT layout) and the merged model, every file hashed
    expect(lineage.body.version.files.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining([
        'adapter_config.json',
        'adapter_model.safetensors',
        'merged/config.json',
        'merged/model.safetensors',
      ]),
    );
    // evaluation metrics land on the version it evaluated
    const evaluated = await client.get(`/api/v1/model-versions/${last.body.resultVersionId}`);
    expect(Object.keys(evaluated.body.metrics)).toEqual(
      expect.arrayContaining([expect.stringMatching(/perplexity/i)]),
    );
  });

  it('cancels a running job: the trainer checkpoints and the checkpoint is kept', async () => {
    const created = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
      hyperparameters: { ...TINY, maxSteps: 400, checkpointEvery: 2 },
    });
    await until(
      () => client.get(`/api/v1/jobs/${created.body.id}/metrics`),
      (r) => r.body.items.length >= 2,
      120_000,
      'first metrics',
    );
    await client.post(`/api/v1/jobs/${created.body.id}/cancel`);
    const done = await finished(created.body.id, 90_000);
    expect(done.body.status).toBe('cancelled');
    expect(done.body.lastCheckpointStep).toBeGreaterThan(0);
    expect(existsSync(path.join(h.artifactRoot, `jobs/${created.body.id}/checkpoints`))).toBe(true);
  });

  it('survives kill -9 of the worker: a new worker process resumes from the checkpoint, no metric step twice', async () => {
    // enough steps that the job still runs when the kill comes
    const maxSteps = 100;
    const created = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
      hyperparameters: { ...TINY, maxSteps, checkpointEvery: 3 },
    });
    await until(
      () => job(created.body.id),
      (r) => (r.body.lastCheckpointStep ?? 0) >= 3,
      180_000,
      'a checkpoint',
    );
    const victim = workers.at(-1)!;
    await victim.stop('SIGKILL');
    startWorker();
    const done = await finished(created.body.id, 300_000);
    expect(done.body.status).toBe('succeeded');
    const events = await client.get(`/api/v1/jobs/${created.body.id}/events?limit=1000`);
    const started = events.body.items.filter((e: { type: string }) => e.type === 'started');
    expect(started.length).toBeGreaterThanOrEqual(2);
    expect(started.at(-1).payload.resumedFromStep).toBeGreaterThan(0);
    const steps = (await client.get(`/api/v1/jobs/${created.body.id}/metrics`)).body.items.map(
      (p: { step: number }) => p.step,
    );
    expect(steps).toEqual(Array.from({ length: maxSteps }, (_, i) => i + 1));
    // one version, with the whole run's figures, not only those of the steps after the resume
    const versions = (await client.get(`/api/v1/models/${model}/versions`)).body.items.filter(
      (v: { jobId: string }) => v.jobId === created.body.id,
    );
    expect(versions.map((v: { id: string }) => v.id)).toEqual([done.body.resultVersionId]);
    expect(versions[0].metrics).toMatchObject({
      steps: maxSteps,
      tokens: maxSteps * TINY.batchSize * TINY.seqLen,
    });
  });
});
