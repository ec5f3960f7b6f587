import path from 'node:path';
import { INFERENCE_PROTO, PROTO_LOADER_OPTIONS, PROTO_ROOT } from '@alloy/proto';
import type { GenerateStreamResponse__Output, InferenceProtoGrpcType } from '@alloy/proto';
import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InferenceAuditWriter } from '../src/audit/inference-audit.writer';
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

interface AuditRow {
  organization_id: string;
  credential_id: string;
  model: string | null;
  version: number | null;
  version_id: string | null;
  surface: string;
  stream: boolean;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number;
  status_code: number;
  outcome: string;
  decision: string;
  prompt: string | null;
  output: string | null;
}

const SECRET_PROMPT = 'The account holder Jane Roe asks about her overdraft';

describe('inference audit', () => {
  let root: string;
  let rows: RegistryRows;
  let h: ServerHarness;
  let model: string;
  let versionId: string;

  const generate = (token: string, body: object, url = `/v1/models/${model}:generate`) =>
    fetch(`${h.baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(body),
    });

  /** The rows of a key, once `count` have been written (the writer flushes in batches). */
  const auditOf = async (keyId: string, count: number): Promise<AuditRow[]> => {
    const writer = h.app.get(InferenceAuditWriter);
    const deadline = Date.now() + 10_000;
    for (;;) {
      await writer.flush();
      const found = await rows.query<AuditRow>(
        'SELECT * FROM inference_audit WHERE credential_id = $1 ORDER BY created_at',
        [keyId],
      );
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    root = await makeArtifactRoot();
    model = uniqueName('ms-audit');
    rows = await RegistryRows.connect();
    [versionId] = await rows.model(model, [trainerModel(root, `models/${model}/1`, 1)]);
    await rows.deploy(`${model}-prod`, model, [{ versionId, weight: 100 }]);
    h = await startModelServer(root);
  });

  afterAll(async () => {
    await h?.close();
    await rows?.query(
      "UPDATE organizations SET inference_content_logging = false WHERE name = 'default'",
    );
    await rows?.close();
  });

  it('records each request with its key, version, surface and tokens, and no prompt or output', async () => {
    const key = await rows.apiKey('partner-developer');
    const rest = await generate(key.token, { prompt: SECRET_PROMPT, maxTokens: 5, temperature: 0 });
    expect(rest.status).toBe(200);
    const usage = ((await rest.json()) as { usage: { promptTokens: number } }).usage;

    const openai = new OpenAI({ baseURL: `${h.baseUrl}/v1`, apiKey: key.token, maxRetries: 0 });
    for await (const chunk of await openai.chat.completions.create({
      model,
      messages: [{ role: 'user', content: SECRET_PROMPT }],
      max_tokens: 4,
      stream: true,
    }))
      expect(chunk.object).toBe('chat.completion.chunk');

    const definition = loadSync(path.join(PROTO_ROOT, INFERENCE_PROTO), PROTO_LOADER_OPTIONS);
    const pkg = loadPackageDefinition(definition) as unknown as InferenceProtoGrpcType;
    const client = new pkg.alloy.inference.v1.InferenceService(
      h.grpcAddress,
      credentials.createInsecure(),
      { interceptors: [bearerInterceptor(key.token)] },
    );
    await new Promise<void>((resolve, reject) => {
      const call = client.GenerateStream({ model, prompt: SECRET_PROMPT, maxTokens: 3 });
      call.on('data', (_: GenerateStreamResponse__Output) => undefined);
      call.on('end', resolve);
      call.on('error', reject);
    });
    client.close();

    const audit = await auditOf(key.id, 3);
    expect(audit).toHaveLength(3);
    const common = {
      credential_id: key.id,
      model,
      version: 1,
      version_id: versionId,
      status_code: 200,
      outcome: 'ok',
      decision: 'allowed',
      prompt: null,
      output: null,
    };
    expect(audit[0]).toMatchObject({
      ...common,
      surface: 'rest',
      stream: false,
      prompt_tokens: usage.promptTokens,
      completion_tokens: 5,
    });
    expect(audit[1]).toMatchObject({ ...common, surface: 'openai', stream: true });
    expect(audit[1].completion_tokens).toBeGreaterThan(0);
    expect(audit[2]).toMatchObject({ ...common, surface: 'grpc', stream: true });
    expect(audit[2].completion_tokens).toBeGreaterThan(0);
    for (const row of audit) {
      expect(row.latency_ms).toBeGreaterThanOrEqual(0);
      expect(row.prompt_tokens).toBeGreaterThan(0);
    }
    expect(JSON.stringify(audit)).not.toContain('Jane Roe');
  });

  it('keeps the prompt and output once the organisation turns content logging on', async () => {
    const key = await rows.apiKey('partner-developer');
    await rows.query(
      "UPDATE organizations SET inference_content_logging = true WHERE name = 'default'",
    );
    try {
      const rest = await generate(key.token, { prompt: SECRET_PROMPT, maxTokens: 5 });
      const text = ((await rest.json()) as { text: string }).text;
      const chat = await generate(key.token, {
        messages: [{ role: 'user', content: SECRET_PROMPT }],
        maxTokens: 2,
        stream: true,
      });
      await chat.text();
      const audit = await auditOf(key.id, 2);
      expect(audit[0]).toMatchObject({ prompt: SECRET_PROMPT, output: text });
      expect(JSON.parse(audit[1].prompt!)).toEqual([{ role: 'user', content: SECRET_PROMPT }]);
      expect(audit[1].output).not.toBeNull();
    } finally {
      await rows.query(
        "UPDATE organizations SET inference_content_logging = false WHERE name = 'default'",
      );
    }
  });

  it("records what refused a known key's request: its role, a bad field, an unknown model", async () => {
    const viewer = await rows.apiKey('viewer');
    expect((await generate(viewer.token, { prompt: 'a' })).status).toBe(403);
    const partner = await rows.apiKey('partner-developer');
    expect((await generate(partner.token, { prompt: 'a', temperature: -1 })).status).toBe(400);
    const unknown = await generate(partner.token, { prompt: 'a' }, '/v1/models/nope:generate');
    expect(unknown.status).toBe(404);
    // no valid key: no tenant to record it for
    expect(
      (await generate(`alloy_ak_${'a'.repeat(16)}_${'b'.repeat(43)}`, { prompt: 'a' })).status,
    ).toBe(401);

    expect(await auditOf(viewer.id, 1)).toEqual([
      expect.objectContaining({
        surface: 'rest',
        status_code: 403,
        outcome: 'FORBIDDEN',
        decision: 'refused:FORBIDDEN',
        completion_tokens: null,
      }),
    ]);
    const refused = await auditOf(partner.id, 2);
    expect(refused).toMatchObject([
      {
        // refused before the body named a model to route
        model: null,
        status_code: 400,
        outcome: 'INVALID_PARAMETER',
        decision: 'refused:INVALID_PARAMETER',
      },
      { model: 'nope', status_code: 404, outcome: 'MODEL_NOT_FOUND', decision: 'allowed' },
    ]);
    expect(await auditOf('a'.repeat(16), 0)).toEqual([]);
  });

  it('records a stream its client abandoned as cancelled, with the tokens generated until then', async () => {
    const key = await rows.apiKey('partner-developer');
    const controller = new AbortController();
    const response = await fetch(`${h.baseUrl}/v1/models/${model}:generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(key.token) },
      body: JSON.stringify({ prompt: 'a', maxTokens: 2000, ignoreEos: true, stream: true }),
      signal: controller.signal,
    });
    await response.body!.getReader().read();
    controller.abort();
    const [row] = await auditOf(key.id, 1);
    expect(row).toMatchObject({ stream: true, status_code: 499, outcome: 'CANCELLED' });
    expect(row.decision).toBe('allowed');
    expect(row.completion_tokens).toBeLessThan(2000);
  });

  it('never fails a request because writing its row failed, and writes the row on the next try', async () => {
    const key = await rows.apiKey('partner-developer');
    const writer = h.app.get(InferenceAuditWriter);
    const write = vi
      .spyOn(writer as unknown as { write: () => Promise<void> }, 'write')
      .mockRejectedValueOnce(new Error('database unavailable'));
    try {
      const response = await generate(key.token, { prompt: 'a', maxTokens: 1 });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      const audit = await auditOf(key.id, 1);
      expect(write).toHaveBeenCalledTimes(2);
      expect(audit).toMatchObject([{ status_code: 200, decision: 'allowed' }]);
    } finally {
      write.mockRestore();
    }
  });
});
