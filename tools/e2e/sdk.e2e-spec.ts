import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AlloyAuthError,
  AlloyClient,
  AlloyInferenceGrpcClient,
  AlloyNotFoundError,
  AlloyValidationError,
  type UploadProgress,
} from '@alloy/sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Harness,
  startControlPlane,
} from '../../apps/control-plane/test/control-plane-harness';
import {
  makeArtifactRoot,
  RegistryRows,
  type ServerHarness,
  startModelServer,
  trainerModel,
  uniqueName,
} from '../../apps/model-server/test/model-server-harness';
import { writeCorpus } from './sdk-fixtures';

describe('@alloy/sdk against a running control plane and model server', () => {
  let cp: Harness;
  let ms: ServerHarness;
  let rows: RegistryRows;
  let client: AlloyClient;
  let model: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'alloy-sdk-'));

  beforeAll(async () => {
    const root = await makeArtifactRoot();
    model = uniqueName('sdk');
    rows = await RegistryRows.connect();
    // A version with the trainer's layout, registered as the control plane records one.
    await rows.model(model, [trainerModel(root, `models/${model}/1`, 7)]);
    cp = await startControlPlane();
    ms = await startModelServer(root, {
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
    });
    client = new AlloyClient({
      url: `${cp.baseUrl}/api/v1`,
      apiKey: inject('adminToken'),
      inferenceUrl: ms.baseUrl,
    });
  }, 180_000);

  afterAll(async () => {
    await ms?.close();
    await cp?.close();
    await rows?.close();
  });

  it('says who the key is and lists what the organisation has', async () => {
    const me = await client.whoami();
    expect(me.kind).toBe('api-key');
    expect(me.role).toBe('admin');
    expect((await client.listDomains()).map((d) => d.name)).toContain('finance');
    const versions = await client.listModelVersions(model);
    expect(versions.items.map((v) => v.version)).toEqual([1]);
    const typed = await client.api.GET('/api/v1/models/{name}', {
      params: { path: { name: model } },
    });
    expect(typed.response.status).toBe(200);
    // Nothing installed in this suite's store: an empty list, not an error.
    expect(Array.isArray(await client.listPlugins())).toBe(true);
  });

  it('refuses a bad key with an AlloyAuthError carrying the request id', async () => {
    const stranger = new AlloyClient({ url: cp.baseUrl, apiKey: 'alloy_ak_nobody_nothing' });
    const error = await stranger.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlloyAuthError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as AlloyAuthError).requestId).toBeTruthy();
  });

  it('names the refused field of a bad request', async () => {
    const error = await client
      .createJob({ model, kind: 'nonsense' as 'sft', method: 'full' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlloyValidationError);
    expect((error as AlloyValidationError).fields.map((f) => f.field)).toContain('kind');
    const missing = await client.listModelVersions('no-such-model').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AlloyNotFoundError);
  });

  it('uploads a dataset with progress and returns its ingestion report', async () => {
    const file = writeCorpus(dir);
    const name = uniqueName('sdk-corpus');
    const progress: UploadProgress[] = [];
    const uploaded = await client.uploadDataset(
      file,
      { name, kind: 'corpus', domain: 'finance' },
      (p) => progress.push(p),
    );
    expect(uploaded.version).toBe(1);
    const size = statSync(file).size;
    expect(progress.at(-1)).toEqual({ bytesSent: size, totalBytes: size });
    const done = await client.waitForIngestion(name, uploaded.version, { timeoutMs: 60_000 });
    expect(done.status).toBe('ready');
    expect(done.report?.recordsIn).toBe(43);
    expect(done.report?.recordsOut).toBeLessThan(41);
    expect(done.report?.rejected.total).toBeGreaterThan(0);
    expect((await client.listDatasets({ domain: 'finance' })).items.map((d) => d.name)).toContain(
      name,
    );
    // A second upload to the same dataset makes version 2 (the dataset exists: no conflict).
    const again = await client.uploadDataset(new Uint8Array(Buffer.from('{"text":"x"}\n')), {
      name,
      kind: 'corpus',
      domain: 'finance',
      fileName: 'more.jsonl',
    });
    expect(again.version).toBe(2);

    // A job on it that nobody runs, cancelled: watching it ends with its final status.
    const job = await client.createJob({
      model,
      kind: 'continued_pretraining',
      method: 'full',
      datasetVersionIds: [done.id],
      hyperparameters: { maxSteps: 2 },
    });
    const items: { type: string; status?: string }[] = [];
    const watching = (async () => {
      for await (const item of client.watchJob(job.id)) items.push(item);
    })();
    const cancelled = await client.api.POST('/api/v1/jobs/{id}/cancel', {
      params: { path: { id: job.id } },
    });
    expect(cancelled.response.ok).toBe(true);
    await watching;
    expect(items.at(-1)).toEqual({ type: 'end', status: 'cancelled', resultVersionId: null });
    expect((await client.listJobs({ model })).items.map((j) => j.id)).toContain(job.id);
  });

  it('deploys a version and streams chat answers over REST and gRPC', async () => {
    const deployment = `${model}-live`;
    const created = await client.deploy({
      name: deployment,
      model,
      traffic: [{ version: 1, weight: 100 }],
    });
    expect(created.traffic).toEqual([expect.objectContaining({ version: 1, weight: 100 })]);
    expect((await client.listDeployments({ model })).map((d) => d.name)).toContain(deployment);
    await ms.refresh();

    const messages = [{ role: 'user' as const, content: 'What is credit risk?' }];
    const deltas = [];
    for await (const delta of client.chat(deployment, messages, {
      stream: true,
      max_tokens: 6,
      seed: 1,
    }))
      deltas.push(delta);
    expect(deltas[0].role).toBe('assistant');
    expect(deltas.at(-1)?.finishReason).toMatch(/stop|length/);
    expect(deltas.every((d) => d.modelVersion === `${model}@1`)).toBe(true);
    const streamed = deltas.map((d) => d.content).join('');
    const whole = await client.chat(deployment, messages, { max_tokens: 6, seed: 1 });
    expect(whole.choices[0].message.content).toBe(streamed);

    const grpc = new AlloyInferenceGrpcClient({
      address: ms.grpcAddress,
      apiKey: inject('adminToken'),
    });
    try {
      const chunks = [];
      for await (const chunk of grpc.generateStream({ model, messages, maxTokens: 6, seed: 1 }))
        chunks.push(chunk);
      expect(chunks.map((c) => c.text).join('')).toBe(streamed);
      expect(chunks.at(-1)?.usage?.completionTokens).toBeGreaterThan(0);
      const missing = await (async () => {
        for await (const _ of grpc.generateStream({ model: 'no-such-model', prompt: 'x' }))
          return null;
      })().catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(AlloyNotFoundError);
    } finally {
      grpc.close();
    }

    const bad = await (async () => {
      for await (const _ of client.chat(deployment, [{ role: 'user', content: 'x' }], {
        stream: true,
        temperature: 9,
      }))
        return null;
    })().catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AlloyValidationError);
    expect((bad as AlloyValidationError).fields[0].field).toBe('temperature');
  });
});
