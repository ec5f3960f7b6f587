import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GGMLQuantizationType, gguf } from '@huggingface/gguf';
import { createTrainerModel } from '@alloy/model-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, type Harness, startControlPlane, uniqueName } from './control-plane-harness';

describe('GGUF export over REST', () => {
  let h: Harness;
  let client: ReturnType<typeof api>;
  let model: string;
  let trained: string;

  /** Registers a copy of `dir` (changed by `edit`) as the next version of the model. */
  async function register(run: string, edit?: (dir: string) => void): Promise<number> {
    const key = `models/${model}/${run}`;
    cpSync(trained, join(h.artifactRoot, key), { recursive: true });
    edit?.(join(h.artifactRoot, key));
    const res = await client.post(`/api/v1/models/${model}/versions`, {
      artifactPath: key,
      status: 'ready',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.version as number;
  }

  async function download(url: string) {
    const res = await fetch(`${h.baseUrl}${url}`, { headers: bearer() });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    h = await startControlPlane();
    client = api(h);
    const base = uniqueName('gguf-base');
    mkdirSync(join(h.artifactRoot, 'base-models'), { recursive: true });
    // The trainer's own model, untied so that output.weight is exported too.
    trained = createTrainerModel({
      config: JSON.stringify({
        preset: 'tiny',
        tie_word_embeddings: false,
        intermediate_size: 192,
      }),
      out: join(h.artifactRoot, 'base-models', base),
    });
    expect(
      (await client.post('/api/v1/base-models', { name: base, path: `base-models/${base}` }))
        .status,
    ).toBe(201);
    model = uniqueName('fin-gguf');
    expect(
      (await client.post('/api/v1/models', { name: model, domain: 'finance', baseModel: base }))
        .status,
    ).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('streams a registered version as a q8_0 GGUF that an independent reader parses', async () => {
    const version = await register('run-1');
    const { res, bytes } = await download(
      `/api/v1/models/${model}/versions/${version}/export/gguf?type=q8_0`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${model}-v${version}-q8_0.gguf"`,
    );
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    const file = join(h.artifactRoot, `${model}.gguf`);
    writeFileSync(file, bytes);
    const { metadata, tensorInfos } = await gguf(file, { allowLocalFile: true });
    const m = metadata as unknown as Record<string, unknown>;
    expect(m['general.architecture']).toBe('llama');
    expect(m['general.name']).toBe(`${model}-v${version}`);
    expect(m['general.file_type']).toBe(7);
    expect(tensorInfos).toHaveLength(3 + 9 * 2);
    const byName = new Map(tensorInfos.map((t) => [t.name, t]));
    expect(byName.get('output.weight')?.dtype).toBe(GGMLQuantizationType.Q8_0);
    expect(byName.get('blk.1.attn_q.weight')?.shape).toEqual([64n, 64n]);
    expect(byName.get('blk.1.attn_k.weight')?.shape).toEqual([64n, 32n]);
    expect(byName.get('output_norm.weight')?.dtype).toBe(GGMLQuantizationType.F32);
  }, 60_000);

  it('exports the merged model of a LoRA version', async () => {
    const version = await register('lora-1', (dir) => {
      // the trainer's LoRA layout: the adapter at the top, the merged model under merged/ (the
      // top level has no config.json, so exporting it instead would be refused)
      mkdirSync(join(dir, 'merged'));
      for (const f of ['config.json', 'model.safetensors']) {
        renameSync(join(dir, f), join(dir, 'merged', f));
      }
      for (const f of ['tokenizer.json', 'tokenizer_config.json']) {
        cpSync(join(dir, f), join(dir, 'merged', f));
      }
      writeFileSync(join(dir, 'adapter_config.json'), JSON.stringify({ peft_type: 'LORA', r: 4 }));
      cpSync(join(dir, 'merged', 'model.safetensors'), join(dir, 'adapter_model.safetensors'));
    });
    const { res } = await download(
      `/api/v1/models/${model}/versions/${version}/export/gguf?type=f16`,
    );
    expect(res.status).toBe(200);
  }, 60_000);

  it('refuses what it cannot convert with 422 naming it, and bad requests with 400 and 404', async () => {
    const version = await register('mistral-1', (dir) => {
      const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as object;
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, model_type: 'mistral' }));
    });
    const refused = await client.get(`/api/v1/models/${model}/versions/${version}/export/gguf`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('EXPORT_NOT_SUPPORTED');
    expect(refused.body.error.message).toContain('model_type mistral');

    const badType = await client.get(`/api/v1/models/${model}/versions/1/export/gguf?type=q5_k`);
    expect(badType.status).toBe(400);
    expect(badType.body.error.code).toBe('VALIDATION_FAILED');
    expect(badType.body.error.message).toContain('type');
    expect((await client.get(`/api/v1/models/${model}/versions/99/export/gguf`)).status).toBe(404);
    expect((await client.get(`/api/v1/models/nope-${model}/versions/1/export/gguf`)).status).toBe(
      404,
    );
    const anonymous = await api(h, null).get(`/api/v1/models/${model}/versions/1/export/gguf`);
    expect(anonymous.status).toBe(401);
  }, 60_000);
});
