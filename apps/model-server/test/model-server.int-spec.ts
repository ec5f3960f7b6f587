import path from 'node:path';
import { INFERENCE_PACKAGE, INFERENCE_PROTO, PROTO_LOADER_OPTIONS, PROTO_ROOT } from '@alloy/proto';
import type {
  GenerateResponse__Output,
  GenerateStreamResponse__Output,
  InferenceProtoGrpcType,
} from '@alloy/proto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeploymentWatcher } from '../src/deployments/deployment-watcher.service';
import { ModelRouter } from '../src/serving/model-router.service';
import {
  adminToken,
  bearer,
  bearerInterceptor,
  makeArtifactRoot,
  readSse,
  RegistryRows,
  type ServerHarness,
  startModelServer,
  trainerModel,
  uniqueName,
} from './model-server-harness';

const REFLECTION_PROTO = path.join(
  path.dirname(require.resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1/reflection.proto',
);
const MESSAGES = [{ role: 'user', content: 'What is a loan application?' }];
const PROMPT = 'The bank reviews every loan';

function grpcClient(address: string, token: string | null = adminToken()) {
  const definition = loadSync(path.join(PROTO_ROOT, INFERENCE_PROTO), PROTO_LOADER_OPTIONS);
  const pkg = loadPackageDefinition(definition) as unknown as InferenceProtoGrpcType;
  expect(INFERENCE_PACKAGE).toBe('alloy.inference.v1');
  return new pkg.alloy.inference.v1.InferenceService(address, credentials.createInsecure(), {
    interceptors: token ? [bearerInterceptor(token)] : [],
  });
}

describe('model server', () => {
  let root: string;
  let rows: RegistryRows;
  let h: ServerHarness;
  let model: string;
  let versionIds: string[];
  let deploymentId: string;

  const post = (url: string, body: unknown, init: RequestInit = {}) =>
    fetch(`${h.baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer() },
      body: JSON.stringify(body),
      ...init,
    });

  beforeAll(async () => {
    root = await makeArtifactRoot();
    model = uniqueName('ms');
    // version 3 is ready but neither the traffic nor an alias names it: it is not served
    const keys = [
      trainerModel(root, `models/${model}/1`, 1),
      trainerModel(root, `models/${model}/2`, 2),
      trainerModel(root, `models/${model}/3`, 3),
    ];
    rows = await RegistryRows.connect();
    versionIds = await rows.model(model, keys);
    deploymentId = await rows.deploy(`${model}-prod`, model, [
      { versionId: versionIds[0], weight: 100 },
    ]);
    await rows.alias(model, 'production', versionIds[0]);
    await rows.alias(model, 'staging', versionIds[1]);
    // A long poll: changes arrive by notification or by an explicit refresh. The load test below
    // keeps 12 streams of the suite's key open at once, above the default per-key limit.
    h = await startModelServer(root, { DEPLOYMENT_POLL_MS: '60000', MAX_STREAMS_PER_KEY: '16' });
  });

  afterAll(async () => {
    await h?.close();
    await rows?.close();
  });

  it('builds the graphs of the deployed versions before the first request, and answers the same greedy tokens over REST, SSE, gRPC and OpenAI', async () => {
    // Built when the deployment appeared (traffic: version 1; aliases: 1 and 2), beside each
    // model, with no scratch folder left; version 3 is named by nothing and never built.
    for (const v of [1, 2]) {
      const modelDir = path.join(root, `models/${model}/${v}`);
      expect(readdirSync(path.join(modelDir, 'onnx/alloy'))).toContain('model_fused_fp32.onnx');
      expect(readdirSync(modelDir).filter((f) => f.startsWith('.onnx-build'))).toEqual([]);
    }
    expect(existsSync(path.join(root, `models/${model}/3/onnx/alloy`))).toBe(false);
    expect(
      h.app
        .get(ModelRouter)
        .registry.loadedModels()
        .map((m) => m.modelId),
    ).toEqual(expect.arrayContaining([versionIds[0], versionIds[1]]));

    const rest = await post(`/v1/models/${model}/versions/1:generate`, {
      messages: MESSAGES,
      temperature: 0,
      maxTokens: 12,
    });
    expect(rest.status).toBe(200);
    expect(rest.headers.get('x-alloy-model-version')).toBe(`${model}@1`);
    const restBody = (await rest.json()) as {
      text: string;
      tokenIds: number[];
      usage: { completionTokens: number };
    };
    expect(restBody.tokenIds.length).toBeGreaterThan(0);
    expect(restBody.usage.completionTokens).toBe(restBody.tokenIds.length);

    const sse = await post(`/v1/models/${model}:generate?alias=production`, {
      messages: MESSAGES,
      temperature: 0,
      maxTokens: 12,
      stream: true,
    });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(sse);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events
      .slice(0, -1)
      .map((e) => JSON.parse(e) as { text: string; tokenIds: number[] });
    expect(chunks.flatMap((c) => c.tokenIds)).toEqual(restBody.tokenIds);
    expect(chunks.map((c) => c.text).join('')).toBe(restBody.text);

    const client = grpcClient(h.grpcAddress);
    const unary = await new Promise<GenerateResponse__Output>((resolve, reject) =>
      client.Generate(
        { model, version: 1, messages: MESSAGES, temperature: 0, maxTokens: 12 },
        (err: ServiceError | null, res?: GenerateResponse__Output) =>
          err ? reject(err) : resolve(res!),
      ),
    );
    expect(unary.tokenIds).toEqual(restBody.tokenIds);
    expect(unary.text).toBe(restBody.text);
    const streamed: GenerateStreamResponse__Output[] = [];
    await new Promise<void>((resolve, reject) => {
      const call = client.GenerateStream({
        model,
        alias: 'production',
        messages: MESSAGES,
        temperature: 0,
        maxTokens: 12,
      });
      call.on('data', (m: GenerateStreamResponse__Output) => streamed.push(m));
      call.on('end', resolve);
      call.on('error', reject);
    });
    expect(streamed.flatMap((m) => m.tokenIds)).toEqual(restBody.tokenIds);
    expect(streamed.at(-1)?.usage?.completionTokens).toBe(restBody.tokenIds.length);
    client.close();

    const openai = new OpenAI({ baseURL: `${h.baseUrl}/v1`, apiKey: adminToken(), maxRetries: 0 });
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual(
      expect.arrayContaining([model, `${model}@1`, `${model}:production`]),
    );
    const chat = await openai.chat.completions.create({
      model: `${model}@1`,
      messages: MESSAGES as OpenAI.ChatCompletionMessageParam[],
      temperature: 0,
      max_tokens: 12,
    });
    expect(chat.choices[0]?.message.content).toBe(restBody.text);
    expect(chat.usage?.completion_tokens).toBe(restBody.tokenIds.length);
    const chatStream = await openai.chat.completions.create({
      model: `${model}:production`,
      messages: MESSAGES as OpenAI.ChatCompletionMessageParam[],
      temperature: 0,
      max_tokens: 12,
      stream: true,
      stream_options: { include_usage: true },
    });
    let streamedText = '';
    let streamedUsage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of chatStream) {
      streamedText += chunk.choices[0]?.delta.content ?? '';
      streamedUsage = chunk.usage ?? streamedUsage;
    }
    expect(streamedText).toBe(restBody.text);
    expect(streamedUsage?.total_tokens).toBe(chat.usage?.total_tokens);

    const plain = await post(`/v1/models/${model}/versions/1:generate`, {
      prompt: PROMPT,
      temperature: 0,
      maxTokens: 10,
    });
    const plainBody = (await plain.json()) as { text: string };
    const completion = await openai.completions.create({
      model: `${model}@1`,
      prompt: PROMPT,
      temperature: 0,
      max_tokens: 10,
    });
    expect(completion.choices[0]?.text).toBe(plainBody.text);
    let completionText = '';
    for await (const c of await openai.completions.create({
      model: `${model}@1`,
      prompt: PROMPT,
      temperature: 0,
      max_tokens: 10,
      stream: true,
    }))
      completionText += c.choices[0]?.text ?? '';
    expect(completionText).toBe(plainBody.text);
  });

  it('serves a LoRA version from the merged model the trainer writes beside the adapter', async () => {
    const lora = uniqueName('ms-lora');
    const key = `models/${lora}/1`;
    // the trainer's LoRA layout: the adapter at the top, the merged model under merged/
    trainerModel(root, `${key}/merged`, 1);
    writeFileSync(path.join(root, key, 'adapter_config.json'), '{"peft_type":"LORA"}');
    const [versionId] = await rows.model(
      lora,
      [key],
      [['adapter_config.json', 'merged/config.json']],
    );
    await rows.deploy(`${lora}-prod`, lora, [{ versionId: versionId, weight: 100 }]);
    await rows.notify(`${lora}-prod`);
    const generate = () =>
      post(`/v1/models/${lora}/versions/1:generate`, {
        messages: MESSAGES,
        temperature: 0,
        maxTokens: 12,
      });
    // 404 until the notification is read, 503 while the version warms up
    let response = await generate();
    for (let i = 0; i < 100 && [404, 503].includes(response.status); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      response = await generate();
    }
    expect(response.status).toBe(200);
    // the same weights as version 1 of the main model (same seed), so the same greedy tokens
    const plain = await post(`/v1/models/${model}/versions/1:generate`, {
      messages: MESSAGES,
      temperature: 0,
      maxTokens: 12,
    });
    expect(((await response.json()) as { tokenIds: number[] }).tokenIds).toEqual(
      ((await plain.json()) as { tokenIds: number[] }).tokenIds,
    );
    expect(readdirSync(path.join(root, key, 'merged/onnx/alloy'))).toContain(
      'model_fused_fp32.onnx',
    );
  });

  it('answers 404 for a ready version that neither the traffic nor an alias names, and never builds it', async () => {
    const rest = await post(`/v1/models/${model}/versions/3:generate`, { prompt: 'x' });
    expect(rest.status).toBe(404);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe(
      'VERSION_NOT_FOUND',
    );
    const openai = new OpenAI({ baseURL: `${h.baseUrl}/v1`, apiKey: adminToken(), maxRetries: 0 });
    await expect(
      openai.completions.create({ model: `${model}@3`, prompt: 'x', max_tokens: 1 }),
    ).rejects.toMatchObject({ status: 404 });
    const ids = (await openai.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([`${model}@1`, `${model}@2`]));
    expect(ids).not.toContain(`${model}@3`);
    const client = grpcClient(h.grpcAddress);
    const err = await new Promise<ServiceError>((resolve) =>
      client.Generate({ model, version: 3, prompt: 'x' }, (e: ServiceError | null) => resolve(e!)),
    );
    expect(err.code).toBe(5); // NOT_FOUND
    client.close();
    expect(existsSync(path.join(root, `models/${model}/3/onnx/alloy`))).toBe(false);
  });

  it('answers 503 with Retry-After while a newly deployed version warms up, never building it for the request', async () => {
    const warming = uniqueName('ms-warm');
    const key = trainerModel(root, `models/${warming}/1`, 4);
    const [versionId] = await rows.model(warming, [key]);
    await rows.deploy(`${warming}-prod`, warming, [{ versionId, weight: 100 }]);
    // Hold the build of this model's graph until the requests below have been answered.
    const graphs = h.app.get(ModelRouter).graphs;
    const ensure = graphs.ensure.bind(graphs);
    const dir = path.join(root, key);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const spy = vi
      .spyOn(graphs, 'ensure')
      .mockImplementation(async (d, variant) =>
        d === dir ? held.then(() => ensure(d, variant)) : ensure(d, variant),
      );
    try {
      await h.app.get(DeploymentWatcher).refresh();
      const rest = await post(`/v1/models/${warming}:generate`, { prompt: 'a', maxTokens: 1 });
      expect(rest.status).toBe(503);
      expect(Number(rest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await rest.json()) as { error: { code: string } }).error.code).toBe(
        'MODEL_WARMING_UP',
      );
      const sse = await post(`/v1/models/${warming}/versions/1:generate`, {
        prompt: 'a',
        maxTokens: 1,
        stream: true,
      });
      expect(sse.status).toBe(503);
      await sse.arrayBuffer();
      const client = grpcClient(h.grpcAddress);
      const err = await new Promise<ServiceError>((resolve) =>
        client.Generate({ model: warming, prompt: 'a', maxTokens: 1 }, (e: ServiceError | null) =>
          resolve(e!),
        ),
      );
      client.close();
      expect(err.code).toBe(14); // UNAVAILABLE
      expect(err.metadata.get('alloy-error-code')).toEqual(['MODEL_WARMING_UP']);
      expect(Number(err.metadata.get('retry-after-ms')[0])).toBeGreaterThanOrEqual(1000);
      // Only the warm-up asked for the graph; no request built it.
      expect(spy.mock.calls.filter(([d]) => d === dir)).toHaveLength(1);
      expect(existsSync(path.join(dir, 'onnx/alloy'))).toBe(false);
    } finally {
      release();
      await h.warm();
      spy.mockRestore();
    }
    expect(readdirSync(path.join(dir, 'onnx/alloy'))).toContain('model_fused_fp32.onnx');
    const ready = await post(`/v1/models/${warming}:generate`, { prompt: 'a', maxTokens: 1 });
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-alloy-model-version')).toBe(`${warming}@1`);
  });

  it('answers 404, 400 naming the field, and 400 stating the context limit', async () => {
    const unknownModel = await post('/v1/models/no-such-model:generate', { prompt: 'x' });
    expect(unknownModel.status).toBe(404);
    const unknownVersion = await post(`/v1/models/${model}/versions/9:generate`, { prompt: 'x' });
    expect(unknownVersion.status).toBe(404);
    const unknownAlias = await post(`/v1/models/${model}:generate?alias=nope`, { prompt: 'x' });
    expect(unknownAlias.status).toBe(404);

    const temperature = await post(`/v1/models/${model}/versions/1:generate`, {
      prompt: 'x',
      temperature: -1,
    });
    expect(temperature.status).toBe(400);
    expect(((await temperature.json()) as { error: { param: string } }).error.param).toBe(
      'temperature',
    );
    const unknownField = await post(`/v1/models/${model}/versions/1:generate`, {
      prompt: 'x',
      temprature: 0.5,
    });
    expect(unknownField.status).toBe(400);
    expect(((await unknownField.json()) as { error: { message: string } }).error.message).toContain(
      'temprature',
    );
    const tooLong = await post(`/v1/models/${model}/versions/1:generate`, {
      prompt: 'loan '.repeat(3000),
      maxTokens: 10,
    });
    expect(tooLong.status).toBe(400);
    const tooLongBody = (await tooLong.json()) as {
      error: { message: string; details: { limit: number } };
    };
    expect(tooLongBody.error.details.limit).toBe(2048);
    expect(tooLongBody.error.message).toContain('2048');

    const openai = new OpenAI({ baseURL: `${h.baseUrl}/v1`, apiKey: adminToken(), maxRetries: 0 });
    await expect(
      openai.chat.completions.create({
        model: 'no-such-model',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      openai.chat.completions.create({
        model: `${model}@1`,
        messages: [{ role: 'user', content: 'x' }],
        top_p: 3,
      }),
    ).rejects.toMatchObject({ status: 400, param: 'top_p' });

    const client = grpcClient(h.grpcAddress);
    const err = await new Promise<ServiceError>((resolve) =>
      client.Generate({ model, version: 1, prompt: 'x', topP: 7 }, (e: ServiceError | null) =>
        resolve(e!),
      ),
    );
    expect(err.code).toBe(3); // INVALID_ARGUMENT
    expect(err.details).toContain('top');
    client.close();
  });

  it('follows the canary split within statistical bounds, and a rollback restores the previous split', async () => {
    await rows.revision(deploymentId, 2, [
      { versionId: versionIds[0], weight: 70 },
      { versionId: versionIds[1], weight: 30 },
    ]);
    await h.refresh();
    const n = 300;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i += 4) {
      const batch = await Promise.all(
        [0, 1, 2, 3].map(() => post(`/v1/models/${model}:generate`, { prompt: 'a', maxTokens: 1 })),
      );
      for (const r of batch) {
        expect(r.status).toBe(200);
        const v = r.headers.get('x-alloy-model-version')!;
        counts.set(v, (counts.get(v) ?? 0) + 1);
        await r.arrayBuffer();
      }
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const canary = counts.get(`${model}@2`) ?? 0;
    // 30% of `total` draws: mean 0.3 n, sd sqrt(n 0.3 0.7); 4.5 sd is a false alarm in 1 of 150,000 runs.
    const sd = Math.sqrt(total * 0.3 * 0.7);
    expect(Math.abs(canary - total * 0.3)).toBeLessThan(4.5 * sd);

    // A rollback moves the pointer back; the notification applies it without waiting for a poll.
    await rows.setCurrent(deploymentId, 1);
    await rows.notify(`${model}-prod`);
    const deadline = Date.now() + 5000;
    const served = () => h.app.get(DeploymentWatcher).catalog.models.find((m) => m.model === model);
    while (served()?.revision !== 1) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
    for (let i = 0; i < 20; i += 1) {
      const r = await post(`/v1/models/${model}:generate`, { prompt: 'a', maxTokens: 1 });
      expect(r.headers.get('x-alloy-model-version')).toBe(`${model}@1`);
      await r.arrayBuffer();
    }
  });

  it('stops generating when the client disconnects', async () => {
    const router = h.app.get(ModelRouter);
    const engine = await router.registry.engine(versionIds[0]);
    const before = engine.stats().generatedTokens;
    const controller = new AbortController();
    const response = await post(
      `/v1/models/${model}/versions/1:generate`,
      { prompt: 'a', maxTokens: 2000, ignoreEos: true, temperature: 0, stream: true },
      { signal: controller.signal },
    );
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await new Promise((r) => setTimeout(r, 300));
    expect(engine.inFlight).toBe(0);
    expect(engine.stats().generatedTokens - before).toBeLessThan(1900);
  });

  it('stops generating when a gRPC stream is cancelled', async () => {
    const router = h.app.get(ModelRouter);
    const engine = await router.registry.engine(versionIds[0]);
    const before = engine.stats().generatedTokens;
    const client = grpcClient(h.grpcAddress);
    const call = client.GenerateStream({
      model,
      version: 1,
      prompt: 'a',
      maxTokens: 2000,
      ignoreEos: true,
      temperature: 0,
    });
    await new Promise<void>((resolve) => call.once('data', () => resolve()));
    call.on('error', () => undefined);
    call.cancel();
    await new Promise((r) => setTimeout(r, 300));
    expect(engine.inFlight).toBe(0);
    expect(engine.stats().generatedTokens - before).toBeLessThan(1900);
    client.close();
  });

  it('moves traffic to another version under load without dropping a request', async () => {
    const requests = Array.from({ length: 24 }, (_, i) =>
      post(`/v1/models/${model}:generate`, {
        prompt: 'The bank',
        maxTokens: 200,
        ignoreEos: true,
        stream: i % 2 === 0,
      }).then(async (r) => ({
        status: r.status,
        version: r.headers.get('x-alloy-model-version'),
        body: await r.text(),
      })),
    );
    await new Promise((r) => setTimeout(r, 50));
    await rows.revision(deploymentId, 3, [{ versionId: versionIds[1], weight: 100 }]);
    await h.refresh();
    const results = await Promise.all(requests);
    for (const r of results) {
      expect(r.status).toBe(200);
      if (r.body.startsWith('{')) expect(JSON.parse(r.body).usage.completionTokens).toBe(200);
      else expect(r.body.trim().endsWith('data: [DONE]')).toBe(true);
    }
    const after = await post(`/v1/models/${model}:generate`, { prompt: 'a', maxTokens: 1 });
    expect(after.headers.get('x-alloy-model-version')).toBe(`${model}@2`);
  });

  it('answers 429 with Retry-After when the queue is full', async () => {
    const small = await startModelServer(root, { MAX_BATCH_SIZE: '1', MAX_QUEUE: '1' });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`${small.baseUrl}/v1/models/${model}/versions/1:generate`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...bearer() },
            body: JSON.stringify({ prompt: 'a', maxTokens: 300, ignoreEos: true }),
          }).then(async (r) => ({
            status: r.status,
            retryAfter: r.headers.get('retry-after'),
            body: await r.text(),
          })),
        ),
      );
      const refused = statuses.filter((s) => s.status === 429);
      expect(statuses.map((s) => s.status).sort(), JSON.stringify(statuses)).toContain(200);
      expect(refused.length).toBeGreaterThan(0);
      expect(Number(refused[0].retryAfter)).toBeGreaterThanOrEqual(1);
      expect(statuses.filter((s) => s.status === 200).length).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });

  it('serves metrics, liveness, readiness, gRPC health and reflection', async () => {
    const metrics = await (await fetch(`${h.baseUrl}/metrics`, { headers: bearer() })).text();
    for (const name of [
      'alloy_inference_time_to_first_token_seconds',
      'alloy_inference_tokens_per_second',
      'alloy_inference_queue_depth',
      'alloy_inference_batch_size',
      'alloy_inference_loaded_models',
    ])
      expect(metrics).toContain(name);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(200);

    const grpc = loadPackageDefinition(
      loadSync([healthProtoPath, REFLECTION_PROTO], {
        keepCase: true,
        defaults: true,
        enums: String,
      }),
    ) as any;
    const health = new grpc.grpc.health.v1.Health(h.grpcAddress, credentials.createInsecure());
    const checked = await new Promise<{ status: string }>((resolve, reject) =>
      health.Check(
        { service: 'alloy.inference.v1.InferenceService' },
        (err: ServiceError | null, res: { status: string }) => (err ? reject(err) : resolve(res)),
      ),
    );
    expect(checked.status).toBe('SERVING');
    health.close();
    const reflection = new grpc.grpc.reflection.v1.ServerReflection(
      h.grpcAddress,
      credentials.createInsecure(),
    );
    const services = await new Promise<string[]>((resolve, reject) => {
      const stream = reflection.ServerReflectionInfo();
      stream.on('data', (r: { list_services_response: { service: { name: string }[] } }) => {
        resolve(r.list_services_response.service.map((x) => x.name));
        stream.end();
      });
      stream.on('error', reject);
      stream.write({ list_services: '' });
    });
    expect(services).toEqual(
      expect.arrayContaining(['alloy.inference.v1.InferenceService', 'grpc.health.v1.Health']),
    );
    reflection.close();
  });
});
