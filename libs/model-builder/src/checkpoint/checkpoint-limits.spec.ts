import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLlamaConfig } from './llama-config';
import { SafetensorsReader } from './safetensors.reader';

const CONFIG = {
  model_type: 'llama',
  vocab_size: 32,
  hidden_size: 8,
  intermediate_size: 16,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  max_position_embeddings: 128,
};

function dirWith(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'alloy-mb-limits-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function safetensorsFile(header: unknown, body: Buffer, lengthField?: bigint): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(lengthField ?? BigInt(json.length));
  return Buffer.concat([length, json, body]);
}

describe('readLlamaConfig limits', () => {
  it('reads a sane config', () => {
    expect(readLlamaConfig(dirWith({ 'config.json': JSON.stringify(CONFIG) })).hiddenSize).toBe(8);
  });

  it.each([
    ['hidden_size', 10_000_000],
    ['vocab_size', 1e12],
    ['num_hidden_layers', 1e6],
    ['head_dim', 1e6],
  ])('refuses an absurd %s, naming it', (field, value) => {
    const dir = dirWith({ 'config.json': JSON.stringify({ ...CONFIG, [field]: value }) });
    expect(() => readLlamaConfig(dir)).toThrow(
      new RegExp(`^config\\.json: ${field} is .* above the limit of`),
    );
  });

  it('refuses a negative or fractional size', () => {
    const dir = dirWith({ 'config.json': JSON.stringify({ ...CONFIG, hidden_size: -8 }) });
    expect(() => readLlamaConfig(dir)).toThrow(
      'config.json: hidden_size must be a positive integer',
    );
  });
});

describe('SafetensorsReader limits', () => {
  const weights = Buffer.alloc(8);

  it('reads a sane file', () => {
    const file = safetensorsFile(
      { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } },
      weights,
    );
    const reader = new SafetensorsReader(dirWith({ 'model.safetensors': file }));
    expect(reader.shape('w')).toEqual([2]);
  });

  it('refuses a header length field above 100 MB before reading the file', () => {
    const file = safetensorsFile({}, weights, 2n ** 60n);
    expect(() => new SafetensorsReader(dirWith({ 'model.safetensors': file }))).toThrow(
      /the safetensors header length field says \d+ bytes, above the limit of 100000000/,
    );
  });

  it('refuses a header length beyond the end of the file', () => {
    const file = safetensorsFile({}, weights, 1_000_000n);
    expect(() => new SafetensorsReader(dirWith({ 'model.safetensors': file }))).toThrow(
      /truncated safetensors file/,
    );
  });

  it.each([
    [{ dtype: 'F32', shape: [1_000_000], data_offsets: [0, 8] }],
    [{ dtype: 'F32', shape: [2], data_offsets: [0, 4_000_000] }],
    [{ dtype: 'F32', shape: [-2], data_offsets: [0, 8] }],
    [{ dtype: 'F32', shape: [2], data_offsets: [8, 0] }],
  ])('refuses a tensor whose shape and byte range disagree: %j', (meta) => {
    const file = safetensorsFile({ w: meta }, weights);
    expect(() => new SafetensorsReader(dirWith({ 'model.safetensors': file }))).toThrow(
      /tensor w has a bad shape or byte range/,
    );
  });
});
