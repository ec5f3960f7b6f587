import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FilesystemArtifactStore } from '@alloy/artifact-store';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../common/errors/api-error';
import { inspectHfModelDirectory } from './hf-model-inspector';

const LIMITS = { maxParameters: 10_000 };
const CONFIG = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  vocab_size: 32,
  hidden_size: 8,
  intermediate_size: 16,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  max_position_embeddings: 128,
  tie_word_embeddings: true,
};

function safetensors(tensors: Record<string, number[]>): Buffer {
  let offset = 0;
  const header: Record<string, unknown> = {};
  for (const [name, shape] of Object.entries(tensors)) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 4;
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(offset)]);
}

/** A model directory `m` in a fresh store, with the given config and weights file. */
async function modelDir(config: Record<string, unknown>, weights?: Buffer) {
  const store = new FilesystemArtifactStore(await mkdtemp(path.join(tmpdir(), 'alloy-insp-')));
  await mkdir(store.resolve('m'), { recursive: true });
  await writeFile(store.resolve('m/config.json'), JSON.stringify(config));
  await writeFile(
    store.resolve('m/model.safetensors'),
    weights ?? safetensors({ 'model.embed_tokens.weight': [32, 8], 'model.norm.weight': [8] }),
  );
  return store;
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status).toBe(400);
  return error as ApiError;
}

describe('inspectHfModelDirectory limits', () => {
  it('takes a small model and counts its parameters from the safetensors header', async () => {
    const store = await modelDir(CONFIG);
    const inspected = await inspectHfModelDirectory(store, 'm', LIMITS);
    expect(inspected.parameterCount).toBe(32 * 8 + 8);
  });

  it.each([
    ['hidden_size', 1_000_000],
    ['vocab_size', 1e12],
    ['num_hidden_layers', 100_000],
    ['intermediate_size', 2 ** 40],
    ['num_attention_heads', 10_000],
    ['max_position_embeddings', 1e15],
  ])('refuses config.json with an absurd %s, naming it', async (field, value) => {
    const store = await modelDir({ ...CONFIG, [field]: value });
    const error = await refusal(inspectHfModelDirectory(store, 'm', { maxParameters: 1e15 }));
    expect(error.message).toMatch(new RegExp(`^config\\.json: ${field} is .* above the limit of`));
    expect(error.details).toMatchObject({ field });
  });

  it.each([
    ['hidden_size', -8],
    ['hidden_size', 8.5],
    ['vocab_size', '32'],
  ])('refuses config.json whose %s is %s', async (field, value) => {
    const store = await modelDir({ ...CONFIG, [field]: value });
    const error = await refusal(inspectHfModelDirectory(store, 'm', LIMITS));
    expect(error.message).toBe(`config.json: ${field} must be a positive integer`);
  });

  it('refuses a config whose parameter count is above the configured limit', async () => {
    const store = await modelDir({ ...CONFIG, hidden_size: 4096, vocab_size: 128_000 });
    const error = await refusal(inspectHfModelDirectory(store, 'm', LIMITS));
    expect(error.message).toMatch(/^config\.json: \d+ parameters, above the limit of 10000/);
    expect(error.details).toMatchObject({ field: 'parameterCount', limit: 10_000 });
  });

  it('refuses safetensors shapes whose parameter count is above the configured limit', async () => {
    const header = Buffer.from(
      JSON.stringify({ w: { dtype: 'F32', shape: [1_000_000, 1_000_000], data_offsets: [0, 0] } }),
    );
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.length));
    const store = await modelDir(CONFIG, Buffer.concat([length, header]));
    const error = await refusal(inspectHfModelDirectory(store, 'm', LIMITS));
    expect(error.message).toMatch(/safetensors headers: 1000000000000 parameters, above the limit/);
  });

  it('refuses a safetensors header length field above 100 MB without reading it', async () => {
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(2n ** 62n);
    const store = await modelDir(CONFIG, Buffer.concat([length, Buffer.from('{}')]));
    const error = await refusal(inspectHfModelDirectory(store, 'm', LIMITS));
    expect(error.message).toMatch(
      /m\/model\.safetensors: the safetensors header length field says \d+ bytes, above the limit of 100000000/,
    );
    expect(error.details).toMatchObject({ field: 'safetensors header length' });
  });

  it('refuses a header length beyond the end of the file', async () => {
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(50_000_000n);
    const store = await modelDir(CONFIG, Buffer.concat([length, Buffer.from('{}')]));
    const error = await refusal(inspectHfModelDirectory(store, 'm', LIMITS));
    expect(error.message).toMatch(/truncated safetensors file/);
  });

  it('refuses a config.json larger than 1 MB', async () => {
    const store = await modelDir({ ...CONFIG, padding: 'x'.repeat(2_000_000) });
    const error = await refusal(inspectHfModelDirectory(store, 'm', LIMITS));
    expect(error.message).toMatch(/config\.json is larger than 1048576 bytes/);
  });
});
