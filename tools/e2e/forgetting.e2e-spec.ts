import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { initTinyModel, until, WorkerProcess } from './system-harness';
import {
  api,
  type Harness,
  startControlPlane,
  uniqueName,
} from '../../apps/control-plane/test/control-plane-harness';
import {
  CLEAN_INGESTION_REPORT,
  insertDatasetVersion,
} from '../../apps/control-plane/test/registry-fixtures';

/** The held-out rule of the job spec: what an evaluation with split heldout measures. */
const heldOut = (text: string) =>
  parseInt(createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8), 16) % 20 === 0;

/** The first `n` texts `make(i)` gives that are held out (so a held-out evaluation has data). */
function heldOutTexts(n: number, make: (i: number) => string): string[] {
  const texts: string[] = [];
  for (let i = 0; texts.length < n; i += 1) if (heldOut(make(i))) texts.push(make(i));
  return texts;
}

const DOMAIN = [
  'The central bank raised the policy rate by a quarter point to cool inflation.',
  'Bond prices fall when interest rates rise, and yields move the other way.',
  'A diversified portfolio spreads risk across equities, bonds and cash.',
  'Credit risk is the chance that a borrower fails to repay a loan on time.',
];
const GENERAL_SENTENCES = [
  'The morning was cool and the children walked to school along the river.',
  'She put the kettle on, opened the window and listened to the rain.',
  'After dinner the family played cards and talked about the weekend.',
  'The train was late, so he read a book on the platform.',
];
const DOMAIN_CORPUS = Array.from({ length: 48 }, (_, i) => `${DOMAIN[i % 4]} (${i})`);
const GENERAL_CORPUS = heldOutTexts(8, (i) => `${GENERAL_SENTENCES[i % 4]} (${i})`);
// Unrelated junk: the same few random-looking strings over and over.
const JUNK = Array.from({ length: 64 }, (_, i) =>
  `${'qzx vkj wpf '.repeat(6)}${['zzq', 'xjv', 'kqw', 'pvx'][i % 4]} ${i}`.trim(),
);

const TINY = { batchSize: 2, seqLen: 32, warmupSteps: 0, logEvery: 1 };

/**
 * Forgetting, measured by the real trainer: a version trained on junk text with a high learning
 * rate loses its general text (general perplexity rises past the gate's threshold against its
 * parent), and the promotion gate refuses it for production.
 */
describe('the promotion gate refuses a version that forgot general text', () => {
  let h: Harness;
  let client: ReturnType<typeof api>;
  let worker: WorkerProcess;
  let model: string;

  beforeAll(async () => {
    h = await startControlPlane({ SCHEDULER_INTERVAL_MS: '200' });
    client = api(h);
    const base = uniqueName('forget-base');
    initTinyModel(path.join(h.artifactRoot, 'base-models', base), [
      ...DOMAIN_CORPUS,
      ...GENERAL_CORPUS,
    ]);
    expect(
      (await client.post('/api/v1/base-models', { name: base, path: `base-models/${base}` }))
        .status,
    ).toBe(201);
    model = uniqueName('forget');
    expect(
      (await client.post('/api/v1/models', { name: model, domain: 'finance', baseModel: base }))
        .status,
    ).toBe(201);
    const workerId = uniqueName('forget-worker');
    const joinToken = (await client.post('/api/v1/worker-tokens', { name: 'forgetting' })).body
      .token as string;
    worker = new WorkerProcess({
      WORKER_TOKEN: joinToken,
      WORKER_ID: workerId,
      CONTROL_PLANE_URL: h.baseUrl,
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
      ARTIFACT_ROOT: h.artifactRoot,
      WORK_DIR: mkdtempSync(path.join(tmpdir(), 'alloy-forget-')),
      LOG_LEVEL: 'warn',
    });
    await until(
      () => client.get(`/api/v1/workers/${workerId}`),
      (r) => r.body?.state === 'online',
      60_000,
      'the worker to register',
    );
  }, 180_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await h?.close();
  });

  const finished = async (ids: string[]) => {
    for (const id of ids) {
      const done = await until(
        () => client.get(`/api/v1/jobs/${id}`),
        (r) => ['succeeded', 'failed', 'cancelled'].includes(r.body.status),
        300_000,
        `job ${id} to finish`,
      );
      expect(done.body.status, `${done.body.kind}: ${done.body.failureReason}\n${worker.log}`).toBe(
        'succeeded',
      );
    }
  };

  it('measures the rise of general perplexity and refuses production, naming forgetting', async () => {
    const clean = { report: CLEAN_INGESTION_REPORT };
    const text = (texts: string[]) => texts.map((t) => ({ text: t }));
    const domain = await insertDatasetVersion(h, 'corpus', text(DOMAIN_CORPUS), 'finance', clean);
    const general = await insertDatasetVersion(h, 'corpus', text(GENERAL_CORPUS), 'general', clean);
    const junk = await insertDatasetVersion(h, 'corpus', text(JUNK), 'finance', clean);
    const evaluation = {
      evalDatasetVersionIds: [domain],
      generalEvalDatasetVersionIds: [general],
      safetyDatasetVersionIds: [],
    };

    // A gentle domain step, evaluated (with the base model) by the pipeline.
    const first = await client.post('/api/v1/pipelines', {
      model,
      evaluation,
      steps: [
        {
          kind: 'continued_pretraining',
          datasetVersionIds: [domain],
          hyperparameters: { ...TINY, maxSteps: 4, learningRate: 0.001 },
        },
      ],
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.jobs.map((j: { kind: string }) => j.kind)).toEqual([
      'evaluate',
      'continued_pretraining',
      'evaluate',
    ]);
    await finished(first.body.jobs.map((j: { id: string }) => j.id));
    const parent = (await client.get(`/api/v1/jobs/${first.body.jobs[1].id}`)).body
      .resultVersionId as string;
    const v1 = (await client.get(`/api/v1/model-versions/${parent}`)).body.version as number;

    // Then junk with a high learning rate: the start (v1) was evaluated already, so no new start evaluation.
    const second = await client.post('/api/v1/pipelines', {
      model,
      baseVersionId: parent,
      evaluation,
      steps: [
        {
          kind: 'continued_pretraining',
          datasetVersionIds: [junk],
          hyperparameters: { ...TINY, maxSteps: 40, learningRate: 0.05 },
        },
      ],
    });
    expect(second.body.jobs.map((j: { kind: string }) => j.kind)).toEqual([
      'continued_pretraining',
      'evaluate',
    ]);
    await finished(second.body.jobs.map((j: { id: string }) => j.id));
    const forgot = (await client.get(`/api/v1/jobs/${second.body.jobs[0].id}`)).body
      .resultVersionId as string;
    const v2 = (await client.get(`/api/v1/model-versions/${forgot}`)).body.version as number;

    const report = await client.get(`/api/v1/models/${model}/versions/${v2}/evaluation`);
    expect(report.status).toBe(200);
    expect(report.body.parent.subject).toMatchObject({ kind: 'version', name: String(v1) });
    const general2 = report.body.evaluation.metrics.generalPerplexity as number;
    const general1 = report.body.parent.evaluation.metrics.generalPerplexity as number;
    expect(general2, `general perplexity ${general1} -> ${general2}`).toBeGreaterThan(
      general1 * 1.1,
    );
    expect(
      report.body.parent.deltas.find((d: { metric: string }) => d.metric === 'generalPerplexity'),
    ).toMatchObject({ verdict: 'worse' });

    // v1 goes to production (its gate compares it with the base model); v2 is refused.
    expect(
      (await client.put(`/api/v1/models/${model}/aliases/production`, { version: v1 })).status,
    ).toBe(200);
    const refused = await client.put(`/api/v1/models/${model}/aliases/production`, {
      version: v2,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PROMOTION_GATE_FAILED');
    expect(refused.body.error.details).toContainEqual(
      expect.objectContaining({ field: 'forgetting', value: general2 }),
    );
  }, 600_000);
});
