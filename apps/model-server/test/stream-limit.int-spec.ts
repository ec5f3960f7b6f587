import path from 'node:path';
import { INFERENCE_PROTO, PROTO_LOADER_OPTIONS, PROTO_ROOT } from '@alloy/proto';
import type { InferenceProtoGrpcType } from '@alloy/proto';
import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceAuditWriter } from '../src/audit/inference-audit.writer';
import { GenerationService } from '../src/serving/generation.service';
import {
  bearer,
  bearerInterceptor,
  makeArtifactRoot,
  RegistryRows,
  type ServerHarness,
  startModelServer,
  trainerModel,
  uniqueName,
} from './model-server-harness';

/** A stream long enough to still be running while the test looks. */
const LONG = { prompt: 'a', maxTokens: 2000, ignoreEos: true, stream: true };

describe('streams per API key', () => {
  let root: string;
  let rows: RegistryRows;
  let h: ServerHarness;
  let model: string;

  const post = (token: string, url: string, body: object, signal?: AbortSignal) =>
    fetch(`${h.baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(body),
      signal,
    });

  /** Opens a REST stream and reads its first event; abort() closes it. */
  const openStream = async (token: string) => {
    const controller = new AbortController();
    const response = await post(token, `/v1/models/${model}:generate`, LONG, controller.signal);
    expect(response.status).toBe(200);
    await response.body!.getReader().read();
    return controller;
  };

  beforeAll(async () => {
    root = await makeArtifactRoot();
    model = uniqueName('ms-streams');
    rows = await RegistryRows.connect();
    const [versionId] = await rows.model(model, [trainerModel(root, `models/${model}/1`, 1)]);
    await rows.deploy(`${model}-prod`, model, [{ versionId, weight: 100 }]);
    h = await startModelServer(root, { MAX_STREAMS_PER_KEY: '2' });
  });

  afterAll(async () => {
    await h?.close();
    await rows?.close();
  });

  it('answers a stream beyond MAX_STREAMS_PER_KEY 429 with Retry-After on every surface, and takes one again once a stream ends', async () => {
    const key = await rows.apiKey('partner-developer');
    const open = [await openStream(key.token), await openStream(key.token)];
    const slots = h.app.get(GenerationService).streams;
    expect(slots.held(key.id)).toBe(2);

    const rest = await post(key.token, `/v1/models/${model}:generate`, LONG);
    expect(rest.status).toBe(429);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await rest.json()).toMatchObject({
      error: { code: 'STREAM_LIMIT_REACHED', type: 'rate_limit_error', details: { limit: 2 } },
    });
    const openai = await post(key.token, '/v1/chat/completions', {
      model,
      messages: [{ role: 'user', content: 'a' }],
      stream: true,
    });
    expect(openai.status).toBe(429);
    expect(openai.headers.get('retry-after')).not.toBeNull();
    await openai.arrayBuffer();

    const definition = loadSync(path.join(PROTO_ROOT, INFERENCE_PROTO), PROTO_LOADER_OPTIONS);
    const pkg = loadPackageDefinition(definition) as unknown as InferenceProtoGrpcType;
    const client = new pkg.alloy.inference.v1.InferenceService(
      h.grpcAddress,
      credentials.createInsecure(),
      { interceptors: [bearerInterceptor(key.token)] },
    );
    const grpc = await new Promise<ServiceError>((resolve) => {
      const call = client.GenerateStream({ model, prompt: 'a', maxTokens: 1 });
      call.on('data', () => undefined);
      call.on('error', resolve);
      call.on('end', () => resolve(new Error('ended') as ServiceError));
    });
    client.close();
    expect(grpc.code).toBe(8); // RESOURCE_EXHAUSTED
    expect(grpc.metadata.get('alloy-error-code')).toEqual(['STREAM_LIMIT_REACHED']);
    expect(Number(grpc.metadata.get('retry-after-ms')[0])).toBeGreaterThanOrEqual(1000);

    // Only streams count, and only the key's own.
    const unary = await post(key.token, `/v1/models/${model}:generate`, {
      prompt: 'a',
      maxTokens: 1,
    });
    expect(unary.status).toBe(200);
    await unary.arrayBuffer();
    const other = await rows.apiKey('partner-developer');
    const otherStream = await openStream(other.token);

    // A stream whose client went away gives its slot back.
    open[0].abort();
    const deadline = Date.now() + 5000;
    while (slots.held(key.id) > 1) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
    const again = await openStream(key.token);
    for (const controller of [again, open[1], otherStream]) controller.abort();
    while (slots.held(key.id) > 0 || slots.held(other.id) > 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }

    // the inference audit records each refusal as the key's
    await h.app.get(InferenceAuditWriter).flush();
    const refusals = await rows.query<{ surface: string; status_code: number; decision: string }>(
      `SELECT surface, status_code, decision FROM inference_audit
        WHERE credential_id = $1 AND outcome = 'STREAM_LIMIT_REACHED' ORDER BY created_at`,
      [key.id],
    );
    expect(refusals).toEqual(
      ['rest', 'openai', 'grpc'].map((surface) => ({
        surface,
        status_code: 429,
        decision: 'refused:STREAM_LIMIT_REACHED',
      })),
    );
  });

  it('gives the slot back when a stream is refused after it was taken (unknown version)', async () => {
    const key = await rows.apiKey('partner-developer');
    for (let i = 0; i < 3; i += 1) {
      const refused = await post(key.token, `/v1/models/${model}/versions/9:generate`, LONG);
      expect(refused.status).toBe(404);
      await refused.arrayBuffer();
    }
    expect(h.app.get(GenerationService).streams.held(key.id)).toBe(0);
    const finished = await post(key.token, `/v1/models/${model}:generate`, {
      prompt: 'a',
      maxTokens: 2,
      stream: true,
    });
    expect(finished.status).toBe(200);
    await finished.text();
    expect(h.app.get(GenerationService).streams.held(key.id)).toBe(0);
  });
});
