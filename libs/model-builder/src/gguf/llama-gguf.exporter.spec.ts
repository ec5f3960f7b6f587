import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GGMLQuantizationType, gguf } from '@huggingface/gguf';
import type { GGUFParseOutput } from '@huggingface/gguf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SafetensorsReader, halfToFloat } from '../checkpoint/safetensors.reader';
import { createTrainerModel, trainerLogits } from '../testing/trainer-model.fixture';
import { GgufExportError, permuteRotaryRows, planGgufExport } from './llama-gguf.exporter';
import type { GgufType } from './llama-gguf.exporter';

// Models made by the trainer itself: the tied `tiny` preset (ffn rows of 172, not whole q-blocks)
// and an untied one whose every matrix row is a multiple of 32.
let tied: string;
let untied: string;
const work = mkdtempSync(join(tmpdir(), 'alloy-gguf-'));

beforeAll(() => {
  tied = createTrainerModel({ config: 'tiny', seed: 1, out: join(work, 'tied') });
  untied = createTrainerModel({
    config: JSON.stringify({ preset: 'tiny', tie_word_embeddings: false, intermediate_size: 192 }),
    seed: 2,
    out: join(work, 'untied'),
  });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function exportTo(dir: string, type: GgufType, name = 'fin-advisor@3'): string {
  const plan = planGgufExport(dir, { type, name });
  const file = join(work, `${name.replace(/\W/g, '_')}-${type}.gguf`);
  const bytes = Buffer.concat([...plan.chunks()]);
  expect(bytes.length).toBe(plan.bytes);
  writeFileSync(file, bytes);
  return file;
}

/** ggml's dequantize_row_q8_0 / q4_0 / f16, written here from ggml's definitions. */
function dequantize(data: Buffer, type: GGMLQuantizationType, count: number): Float32Array {
  const out = new Float32Array(count);
  if (type === GGMLQuantizationType.F32) {
    for (let i = 0; i < count; i++) out[i] = data.readFloatLE(i * 4);
  } else if (type === GGMLQuantizationType.F16) {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(data.readUInt16LE(i * 2));
  } else if (type === GGMLQuantizationType.Q8_0) {
    for (let b = 0; b < count / 32; b++) {
      const d = halfToFloat(data.readUInt16LE(b * 34));
      for (let j = 0; j < 32; j++) out[b * 32 + j] = data.readInt8(b * 34 + 2 + j) * d;
    }
  } else if (type === GGMLQuantizationType.Q4_0) {
    for (let b = 0; b < count / 32; b++) {
      const d = halfToFloat(data.readUInt16LE(b * 18));
      for (let j = 0; j < 16; j++) {
        const q = data[b * 18 + 2 + j];
        out[b * 32 + j] = ((q & 0x0f) - 8) * d;
        out[b * 32 + j + 16] = ((q >> 4) - 8) * d;
      }
    }
  } else {
    throw new Error(`unexpected type ${type}`);
  }
  return out;
}

const BYTES: Partial<Record<GGMLQuantizationType, (n: number) => number>> = {
  [GGMLQuantizationType.F32]: (n) => n * 4,
  [GGMLQuantizationType.F16]: (n) => n * 2,
  [GGMLQuantizationType.Q8_0]: (n) => (n / 32) * 34,
  [GGMLQuantizationType.Q4_0]: (n) => (n / 32) * 18,
};

/** Undoes llama.cpp's q/k row order independently: GGUF row h*d + 2j + i was HF row h*d + i*d/2 + j. */
function unpermute(w: Float32Array, rows: number, cols: number, heads: number): Float32Array {
  const out = new Float32Array(w.length);
  const d = rows / heads;
  for (let r = 0; r < rows; r++) {
    const h = Math.floor(r / d);
    const j = Math.floor((r % d) / 2);
    const i = r % 2;
    const src = h * d + i * (d / 2) + j;
    out.set(w.subarray(r * cols, (r + 1) * cols), src * cols);
  }
  return out;
}

const HF_NAME: Record<string, string> = {
  attn_q: 'self_attn.q_proj',
  attn_k: 'self_attn.k_proj',
  attn_v: 'self_attn.v_proj',
  attn_output: 'self_attn.o_proj',
  ffn_gate: 'mlp.gate_proj',
  ffn_up: 'mlp.up_proj',
  ffn_down: 'mlp.down_proj',
  attn_norm: 'input_layernorm',
  ffn_norm: 'post_attention_layernorm',
};

function hfName(gg: string): string {
  if (gg === 'token_embd.weight') return 'model.embed_tokens.weight';
  if (gg === 'output_norm.weight') return 'model.norm.weight';
  if (gg === 'output.weight') return 'lm_head.weight';
  const m = /^blk\.(\d+)\.(\w+)\.weight$/.exec(gg);
  if (!m) throw new Error(`unexpected tensor ${gg}`);
  return `model.layers.${m[1]}.${HF_NAME[m[2]]}.weight`;
}

interface ReadBack {
  parsed: GGUFParseOutput;
  tensor(name: string): { values: Float32Array; type: GGMLQuantizationType; shape: number[] };
}

async function readBack(file: string): Promise<ReadBack> {
  const parsed = await gguf(file, { allowLocalFile: true });
  const bytes = readFileSync(file);
  return {
    parsed,
    tensor(name) {
      const info = parsed.tensorInfos.find((t) => t.name === name);
      if (!info) throw new Error(`${name} not in the file`);
      const shape = info.shape.map(Number);
      const count = shape.reduce((a, b) => a * b, 1);
      const start = Number(parsed.tensorDataOffset + info.offset);
      const size = BYTES[info.dtype]?.(count) ?? NaN;
      const values = dequantize(bytes.subarray(start, start + size), info.dtype, count);
      return { values, type: info.dtype, shape };
    },
  };
}

/**
 * LLaMA logits computed from a GGUF file alone, the way llama.cpp reads it: its metadata, tensors
 * by llama.cpp's names, ggml's rope on adjacent pairs (mode 0). Agreement with the trainer's
 * PyTorch logits checks the q/k row order, the shapes and the hyperparameters together.
 */
function ggufLogits(back: ReadBack, ids: number[]): Float64Array {
  const m = back.parsed.metadata as unknown as Record<string, number>;
  const hidden = m['llama.embedding_length'];
  const layers = m['llama.block_count'];
  const heads = m['llama.attention.head_count'];
  const kvHeads = m['llama.attention.head_count_kv'];
  const d = m['llama.rope.dimension_count'];
  const eps = m['llama.attention.layer_norm_rms_epsilon'];
  const base = m['llama.rope.freq_base'];
  const w = (name: string): Float32Array => back.tensor(name).values;
  const hasOutput = back.parsed.tensorInfos.some((t) => t.name === 'output.weight');
  const matvec = (mat: Float32Array, x: Float64Array, rows: number): Float64Array => {
    const cols = x.length;
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += mat[r * cols + c] * x[c];
      y[r] = s;
    }
    return y;
  };
  const rmsNorm = (x: Float64Array, weight: Float32Array): Float64Array => {
    const ms = x.reduce((a, v) => a + v * v, 0) / x.length;
    const k = 1 / Math.sqrt(ms + eps);
    return x.map((v, i) => v * k * weight[i]);
  };
  const rope = (v: Float64Array, n: number, pos: number): void => {
    for (let h = 0; h < n; h++) {
      for (let i = 0; i < d / 2; i++) {
        const theta = pos * base ** ((-2 * i) / d);
        const [a, b] = [v[h * d + 2 * i], v[h * d + 2 * i + 1]];
        v[h * d + 2 * i] = a * Math.cos(theta) - b * Math.sin(theta);
        v[h * d + 2 * i + 1] = a * Math.sin(theta) + b * Math.cos(theta);
      }
    }
  };
  const embd = w('token_embd.weight');
  const xs = ids.map((id) => Float64Array.from(embd.subarray(id * hidden, (id + 1) * hidden)));
  for (let l = 0; l < layers; l++) {
    const keys: Float64Array[] = [];
    const values: Float64Array[] = [];
    const queries: Float64Array[] = [];
    for (let t = 0; t < xs.length; t++) {
      const h = rmsNorm(xs[t], w(`blk.${l}.attn_norm.weight`));
      const q = matvec(w(`blk.${l}.attn_q.weight`), h, heads * d);
      const k = matvec(w(`blk.${l}.attn_k.weight`), h, kvHeads * d);
      rope(q, heads, t);
      rope(k, kvHeads, t);
      queries.push(q);
      keys.push(k);
      values.push(matvec(w(`blk.${l}.attn_v.weight`), h, kvHeads * d));
    }
    for (let t = 0; t < xs.length; t++) {
      const attn = new Float64Array(heads * d);
      for (let h = 0; h < heads; h++) {
        const kv = Math.floor(h / (heads / kvHeads));
        const scores = keys.slice(0, t + 1).map((k) => {
          let s = 0;
          for (let i = 0; i < d; i++) s += queries[t][h * d + i] * k[kv * d + i];
          return s / Math.sqrt(d);
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const sum = e.reduce((a, b) => a + b, 0);
        for (let u = 0; u <= t; u++) {
          for (let i = 0; i < d; i++) attn[h * d + i] += (e[u] / sum) * values[u][kv * d + i];
        }
      }
      const o = matvec(w(`blk.${l}.attn_output.weight`), attn, hidden);
      xs[t] = xs[t].map((v, i) => v + o[i]);
    }
    for (let t = 0; t < xs.length; t++) {
      const h = rmsNorm(xs[t], w(`blk.${l}.ffn_norm.weight`));
      const ff = m['llama.feed_forward_length'];
      const gate = matvec(w(`blk.${l}.ffn_gate.weight`), h, ff);
      const up = matvec(w(`blk.${l}.ffn_up.weight`), h, ff);
      const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * up[i]);
      const down = matvec(w(`blk.${l}.ffn_down.weight`), act, hidden);
      xs[t] = xs[t].map((v, i) => v + down[i]);
    }
  }
  const head = w(hasOutput ? 'output.weight' : 'token_embd.weight');
  const vocab = head.length / hidden;
  const out = new Float64Array(ids.length * vocab);
  xs.forEach((x, t) =>
    out.set(matvec(head, rmsNorm(x, w('output_norm.weight')), vocab), t * vocab),
  );
  return out;
}

/** Per block of 32 of the source row, the largest error ggml's rounding allows. */
function maxBlockError(
  source: Float32Array,
  got: Float32Array,
  type: GGMLQuantizationType,
): number {
  let worst = 0;
  for (let b = 0; b < source.length / 32; b++) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(source[b * 32 + j]));
    // q8_0: half a step of amax/127; q4_0: a step of amax/8 at most (the top code is clamped to
    // 15). Plus the f16 rounding of the scale over the largest code.
    const bound =
      type === GGMLQuantizationType.Q8_0
        ? (amax / 127) * (0.5 + 127 / 2048)
        : (amax / 8) * (1 + 8 / 2048);
    for (let j = 0; j < 32; j++) {
      const err = Math.abs(source[b * 32 + j] - got[b * 32 + j]);
      worst = Math.max(worst, err / (bound + 1e-12));
    }
  }
  return worst;
}

describe('GGUF export of a trainer model', () => {
  it('writes llama metadata and a gpt2 tokenizer from the version files', async () => {
    const { parsed } = await readBack(exportTo(untied, 'f32'));
    const config = JSON.parse(readFileSync(join(untied, 'config.json'), 'utf8')) as Record<
      string,
      number
    >;
    const tok = JSON.parse(readFileSync(join(untied, 'tokenizer.json'), 'utf8')) as {
      model: { vocab: Record<string, number>; merges: (string | string[])[] };
    };
    const tokCfg = JSON.parse(readFileSync(join(untied, 'tokenizer_config.json'), 'utf8')) as {
      chat_template: string;
    };
    const m = parsed.metadata as unknown as Record<string, unknown>;
    expect(m['version']).toBe(3);
    expect(m['general.architecture']).toBe('llama');
    expect(m['general.name']).toBe('fin-advisor@3');
    expect(m['general.file_type']).toBe(0);
    expect(m['llama.context_length']).toBe(config['max_position_embeddings']);
    expect(m['llama.embedding_length']).toBe(config['hidden_size']);
    expect(m['llama.block_count']).toBe(config['num_hidden_layers']);
    expect(m['llama.feed_forward_length']).toBe(192);
    expect(m['llama.attention.head_count']).toBe(config['num_attention_heads']);
    expect(m['llama.attention.head_count_kv']).toBe(config['num_key_value_heads']);
    expect(m['llama.rope.dimension_count']).toBe(
      config['hidden_size'] / config['num_attention_heads'],
    );
    expect(m['llama.rope.freq_base']).toBeCloseTo(config['rope_theta'], 3);
    expect(m['llama.attention.layer_norm_rms_epsilon']).toBeCloseTo(config['rms_norm_eps'], 9);
    expect(m['tokenizer.ggml.model']).toBe('gpt2');
    const tokens = m['tokenizer.ggml.tokens'] as string[];
    expect(tokens).toHaveLength(config['vocab_size']);
    for (const [token, id] of Object.entries(tok.model.vocab)) expect(tokens[id]).toBe(token);
    expect(tokens[0]).toBe('<|endoftext|>');
    const types = m['tokenizer.ggml.token_type'] as number[];
    expect(types[0]).toBe(3); // control: a special added token
    expect(types[tok.model.vocab['a']]).toBe(1);
    expect((m['tokenizer.ggml.merges'] as string[]).length).toBe(tok.model.merges.length);
    expect(m['tokenizer.ggml.eos_token_id']).toBe(config['eos_token_id']);
    expect(m['tokenizer.ggml.bos_token_id']).toBe(config['bos_token_id']);
    expect(m['tokenizer.ggml.padding_token_id']).toBe(config['pad_token_id']);
    expect(m['tokenizer.ggml.eot_token_id']).toBe(tokens.indexOf('<|im_end|>'));
    expect(m['tokenizer.ggml.add_bos_token']).toBe(false);
    expect(m['tokenizer.chat_template']).toBe(tokCfg.chat_template);
  }, 60_000);

  it.each(['f32', 'f16', 'q8_0', 'q4_0'] as const)(
    '%s: every tensor reads back with its shape, type and values',
    async (type) => {
      const back = await readBack(exportTo(untied, type));
      const reader = new SafetensorsReader(untied);
      const config = JSON.parse(readFileSync(join(untied, 'config.json'), 'utf8')) as Record<
        string,
        number
      >;
      const names = back.parsed.tensorInfos.map((t) => t.name);
      expect(names).toHaveLength(3 + 9 * config['num_hidden_layers']);
      expect(names).toContain('output.weight');
      // every checkpoint tensor has its GGUF counterpart
      expect(new Set(names.map(hfName))).toEqual(new Set(reader.names()));
      const want = {
        f32: GGMLQuantizationType.F32,
        f16: GGMLQuantizationType.F16,
        q8_0: GGMLQuantizationType.Q8_0,
        q4_0: GGMLQuantizationType.Q4_0,
      }[type];
      for (const name of names) {
        const source = hfName(name);
        const { values, type: got, shape } = back.tensor(name);
        const hfShape = reader.shape(source);
        expect(shape, name).toEqual([...hfShape].reverse());
        expect(got, name).toBe(hfShape.length === 1 ? GGMLQuantizationType.F32 : want);
        let restored = values;
        const heads = name.endsWith('attn_q.weight')
          ? config['num_attention_heads']
          : name.endsWith('attn_k.weight')
            ? config['num_key_value_heads']
            : 0;
        if (heads) restored = unpermute(values, hfShape[0], hfShape[1], heads);
        const expected = reader.float32(source);
        if (got === GGMLQuantizationType.F32) {
          expect(Buffer.from(restored.buffer).equals(Buffer.from(expected.buffer)), name).toBe(
            true,
          );
        } else if (got === GGMLQuantizationType.F16) {
          for (let i = 0; i < expected.length; i++) {
            expect(Math.abs(restored[i] - expected[i]), name).toBeLessThanOrEqual(
              Math.abs(expected[i]) * 2 ** -11 + 2 ** -25,
            );
          }
        } else {
          expect(maxBlockError(expected, restored, got), name).toBeLessThanOrEqual(1);
          // and the quantisation is not a no-op: the error is of the size the format implies
          const rms = Math.sqrt(
            expected.reduce((a, v, i) => a + (v - restored[i]) ** 2, 0) / expected.length,
          );
          expect(rms, name).toBeGreaterThan(0);
        }
      }
      expect(
        (back.parsed.metadata as unknown as Record<string, unknown>)['general.file_type'],
      ).toBe({ f32: 0, f16: 1, q4_0: 2, q8_0: 7 }[type]);
    },
    60_000,
  );

  it.each([
    // measured: 2e-7 (f32), 3e-4 (f16); rows left in HF's order miss by 4e-3 to 6e-3
    ['f32', 1e-5, 'tied'],
    ['f32', 1e-5, 'untied'],
    ['f16', 1e-3, 'untied'],
  ] as const)(
    '%s GGUF read as llama.cpp reads it gives the trainer logits within %s (%s)',
    async (type, tolerance, which) => {
      const dir = which === 'tied' ? tied : untied;
      const back = await readBack(exportTo(dir, type, `logits-${which}`));
      const ids = [5, 77, 300, 12, 140, 9, 401, 33];
      const got = ggufLogits(back, ids);
      const want = trainerLogits(dir, ids);
      expect(got.length).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      expect(worst).toBeLessThan(tolerance);
    },
    60_000,
  );

  it('tied embeddings write no output.weight; rows that are not whole blocks fall back to f16', async () => {
    const back = await readBack(exportTo(tied, 'q8_0'));
    const names = back.parsed.tensorInfos.map((t) => t.name);
    expect(names).not.toContain('output.weight');
    expect(back.tensor('blk.0.ffn_down.weight').type).toBe(GGMLQuantizationType.F16); // rows of 172
    expect(back.tensor('blk.0.ffn_up.weight').type).toBe(GGMLQuantizationType.Q8_0); // rows of 64
    expect(back.tensor('token_embd.weight').type).toBe(GGMLQuantizationType.Q8_0);
  }, 60_000);

  it('the q/k permutation turns rotate-half rope into ggml interleaved rope', () => {
    // A query head after HF's rope (rotate_half) must equal, row-permuted, the same head after
    // ggml's rope on adjacent pairs applied to the permuted projection.
    const d = 8;
    const heads = 2;
    const cols = 3;
    const w = Float32Array.from({ length: heads * d * cols }, (_, i) => Math.sin(i * 1.7));
    const x = [0.3, -1.1, 0.7];
    const pos = 5;
    const theta = (k: number): number => pos * 10000 ** ((-2 * k) / d);
    const project = (m: Float32Array): number[] =>
      Array.from({ length: heads * d }, (_, r) =>
        x.reduce((a, v, c) => a + v * m[r * cols + c], 0),
      );
    const hf = project(w);
    const gg = project(permuteRotaryRows(w, heads * d, cols, heads));
    for (let h = 0; h < heads; h++) {
      for (let k = 0; k < d / 2; k++) {
        const [c, s] = [Math.cos(theta(k)), Math.sin(theta(k))];
        const a = hf[h * d + k];
        const b = hf[h * d + k + d / 2];
        const hfOut = [a * c - b * s, b * c + a * s]; // rotate_half on (k, k + d/2)
        const p = gg[h * d + 2 * k];
        const q = gg[h * d + 2 * k + 1];
        const ggOut = [p * c - q * s, q * c + p * s]; // ggml rope on (2k, 2k + 1)
        expect(ggOut[0]).toBeCloseTo(hfOut[0], 12);
        expect(ggOut[1]).toBeCloseTo(hfOut[1], 12);
      }
    }
  });

  it('refuses a tensor it cannot map, naming it', () => {
    const dir = join(work, 'extra-tensor');
    cpSync(untied, dir, { recursive: true });
    const file = join(dir, 'model.safetensors');
    const bytes = readFileSync(file);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<
      string,
      { data_offsets?: number[] }
    >;
    const body = bytes.subarray(8 + headerLength);
    header['model.layers.0.adapter.down.weight'] = {
      dtype: 'F32',
      shape: [2, 2],
      data_offsets: [body.length, body.length + 16],
    } as never;
    const json = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(json.length));
    writeFileSync(file, Buffer.concat([length, json, body, Buffer.alloc(16)]));
    expect(() => planGgufExport(dir, { type: 'f16', name: 'x' })).toThrow(
      /model\.layers\.0\.adapter\.down\.weight/,
    );
  });

  it('refuses another architecture and an adapter without a merged model', () => {
    const mistral = join(work, 'mistral');
    cpSync(untied, mistral, { recursive: true });
    const config = JSON.parse(readFileSync(join(mistral, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(mistral, 'config.json'),
      JSON.stringify({ ...config, model_type: 'mistral' }),
    );
    expect(() => planGgufExport(mistral, { type: 'f32', name: 'x' })).toThrow(GgufExportError);
    expect(() => planGgufExport(mistral, { type: 'f32', name: 'x' })).toThrow(/model_type mistral/);

    const adapter = mkdtempSync(join(work, 'adapter-'));
    writeFileSync(join(adapter, 'adapter_config.json'), '{}');
    expect(() => planGgufExport(adapter, { type: 'q8_0', name: 'x' })).toThrow(/LoRA adapter/);
  });

  it('writes linear rope scaling as llama.cpp reads it, and refuses llama3 scaling', async () => {
    const scaled = join(work, 'rope-scaled');
    cpSync(untied, scaled, { recursive: true });
    const configPath = join(scaled, 'config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      configPath,
      JSON.stringify({ ...config, rope_scaling: { rope_type: 'linear', factor: 4 } }),
    );
    const m = (await readBack(exportTo(scaled, 'f32', 'rope@1'))).parsed
      .metadata as unknown as Record<string, unknown>;
    expect(m['llama.rope.scaling.type']).toBe('linear');
    expect(m['llama.rope.scaling.factor']).toBe(4);
    const llama3 = {
      rope_type: 'llama3',
      factor: 8,
      low_freq_factor: 1,
      high_freq_factor: 4,
      original_max_position_embeddings: 64,
    };
    writeFileSync(configPath, JSON.stringify({ ...config, rope_scaling: llama3 }));
    expect(() => planGgufExport(scaled, { type: 'f32', name: 'x' })).toThrow(
      /rope_scaling llama3 is not exported/,
    );
  });
});
