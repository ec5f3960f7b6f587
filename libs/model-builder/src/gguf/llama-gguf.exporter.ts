import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_MODEL_CONFIG_BYTES } from '@alloy/contracts';
import { readLlamaConfig } from '../checkpoint/llama-config';
import type { LlamaConfig } from '../checkpoint/llama-config';
import { SafetensorsReader } from '../checkpoint/safetensors.reader';
import { GgmlType, layoutGguf } from './gguf-file';
import type { GgufTensorInfo, GgufValue } from './gguf-file';
import { QK, quantizeQ4_0, quantizeQ8_0, toF16Bytes, toF32Bytes } from './ggml-quant';

/** The GGUF types an export can be asked for (llama.cpp's `--outtype` names). */
export const GGUF_TYPES = ['f32', 'f16', 'q8_0', 'q4_0'] as const;
export type GgufType = (typeof GGUF_TYPES)[number];

/** An input the exporter does not understand; the message names it. */
export class GgufExportError extends Error {}

/** Weight type and llama.cpp's `general.file_type` (`enum llama_ftype`) per requested type. */
const TYPES: Record<GgufType, { weight: GgmlType; fileType: number }> = {
  f32: { weight: GgmlType.F32, fileType: 0 },
  f16: { weight: GgmlType.F16, fileType: 1 },
  q4_0: { weight: GgmlType.Q4_0, fileType: 2 },
  q8_0: { weight: GgmlType.Q8_0, fileType: 7 },
};

// llama.cpp's `llama_token_type`.
const TOKEN_NORMAL = 1;
const TOKEN_CONTROL = 3;
const TOKEN_USER_DEFINED = 4;
const TOKEN_UNUSED = 5;

interface MappedTensor extends GgufTensorInfo {
  source: string;
  /** Heads of the rotary permutation (q: attention heads, k: key/value heads). */
  permuteHeads?: number;
}

export interface GgufExport {
  type: GgufType;
  /** The file's exact size, known before any tensor is converted. */
  bytes: number;
  tensors: { name: string; shape: number[]; type: GgmlType; source: string }[];
  metadata: [string, GgufValue][];
  /** The file's bytes, converted one tensor at a time. */
  chunks(): Generator<Buffer>;
}

const LAYER_TENSORS: Record<string, string> = {
  'self_attn.q_proj.weight': 'attn_q.weight',
  'self_attn.k_proj.weight': 'attn_k.weight',
  'self_attn.v_proj.weight': 'attn_v.weight',
  'self_attn.o_proj.weight': 'attn_output.weight',
  'mlp.gate_proj.weight': 'ffn_gate.weight',
  'mlp.up_proj.weight': 'ffn_up.weight',
  'mlp.down_proj.weight': 'ffn_down.weight',
  'input_layernorm.weight': 'attn_norm.weight',
  'post_attention_layernorm.weight': 'ffn_norm.weight',
};

function readJson(dir: string, file: string, required: boolean): Record<string, unknown> | null {
  const path = join(dir, file);
  if (!existsSync(path)) {
    if (required) throw new GgufExportError(`the model has no ${file}`);
    return null;
  }
  // The tokenizer of a large vocabulary runs to tens of MB; anything far beyond is not one.
  if (statSync(path).size > 64 * MAX_MODEL_CONFIG_BYTES) {
    throw new GgufExportError(`${file} is too large to be a model's ${file}`);
  }
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GgufExportError(`${file} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * HF's LLaMA applies rotary embeddings to the two halves of each head (rotate_half), ggml's
 * LLAMA rope to adjacent pairs. llama.cpp's convert_hf_to_gguf.py therefore reorders the rows of
 * q_proj and k_proj within each head: row (i, j) of [2, headDim/2] moves to (j, i). Without it the
 * model would run in llama.cpp with its positions scrambled.
 */
export function permuteRotaryRows(
  weight: Float32Array,
  rows: number,
  cols: number,
  heads: number,
): Float32Array {
  const out = new Float32Array(weight.length);
  const headDim = rows / heads;
  const half = headDim / 2;
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < half; j++) {
        const from = (h * headDim + i * half + j) * cols;
        const to = (h * headDim + j * 2 + i) * cols;
        out.set(weight.subarray(from, from + cols), to);
      }
    }
  }
  return out;
}

/** Maps every checkpoint tensor to its llama.cpp name, or fails naming those it cannot. */
function mapTensors(
  reader: SafetensorsReader,
  names: string[],
  cfg: LlamaConfig,
  weightType: GgmlType,
): MappedTensor[] {
  const mapped: MappedTensor[] = [];
  const unknown: string[] = [];
  const typeFor = (shape: number[]): GgmlType => {
    if (shape.length === 1) return GgmlType.F32; // norms stay f32, as llama.cpp keeps them
    // llama.cpp's converter falls back to f16 for a tensor whose rows are not whole blocks.
    const blocked = weightType === GgmlType.Q8_0 || weightType === GgmlType.Q4_0;
    return blocked && shape[shape.length - 1] % QK !== 0 ? GgmlType.F16 : weightType;
  };
  const add = (source: string, name: string, permuteHeads?: number): void => {
    const shape = reader.shape(source);
    mapped.push({ source, name, shape, type: typeFor(shape), permuteHeads });
  };
  for (const source of names) {
    if (source === 'model.embed_tokens.weight') add(source, 'token_embd.weight');
    else if (source === 'model.norm.weight') add(source, 'output_norm.weight');
    else if (source === 'lm_head.weight') {
      // A tied head is the embedding table: llama.cpp reads token_embd when output is absent.
      if (!cfg.tieWordEmbeddings) add(source, 'output.weight');
    } else {
      const m = /^model\.layers\.(\d+)\.(.+)$/.exec(source);
      const suffix = m ? LAYER_TENSORS[m[2]] : undefined;
      if (!m || !suffix || Number(m[1]) >= cfg.numLayers) {
        // rotary inverse frequencies are recomputed by llama.cpp from rope.freq_base
        if (!/\.rotary_emb\.inv_freq$/.test(source)) unknown.push(source);
        continue;
      }
      const heads =
        m[2] === 'self_attn.q_proj.weight'
          ? cfg.numHeads
          : m[2] === 'self_attn.k_proj.weight'
            ? cfg.numKvHeads
            : undefined;
      add(source, `blk.${m[1]}.${suffix}`, heads);
    }
  }
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 8).join(', ');
    throw new GgufExportError(
      `GGUF export does not know how to map ${unknown.length} tensor(s) of the checkpoint: ${shown}${unknown.length > 8 ? ', …' : ''}`,
    );
  }
  const have = new Set(mapped.map((t) => t.name));
  const expected = ['token_embd.weight', 'output_norm.weight'];
  if (!cfg.tieWordEmbeddings) expected.push('output.weight');
  for (let l = 0; l < cfg.numLayers; l++) {
    for (const s of Object.values(LAYER_TENSORS)) expected.push(`blk.${l}.${s}`);
  }
  const missing = expected.filter((n) => !have.has(n));
  if (missing.length > 0) {
    throw new GgufExportError(`the checkpoint lacks tensors for ${missing.slice(0, 8).join(', ')}`);
  }
  return mapped;
}

/** tokenizer.ggml.* for a byte-level BPE tokenizer.json (llama.cpp's "gpt2" tokenizer model). */
function tokenizerMetadata(
  dir: string,
  cfg: LlamaConfig,
  raw: Record<string, unknown>,
): [string, GgufValue][] {
  const tok = readJson(dir, 'tokenizer.json', true) as {
    model?: { type?: string; vocab?: Record<string, number>; merges?: unknown[] };
    pre_tokenizer?: { type?: string; use_regex?: boolean } | null;
    normalizer?: unknown;
    added_tokens?: { id: number; content: string; special?: boolean }[];
  };
  const model = tok.model ?? {};
  if (model.type !== 'BPE') {
    throw new GgufExportError(
      `tokenizer.json: model type ${String(model.type)} is not supported (byte-level BPE only)`,
    );
  }
  if (
    tok.pre_tokenizer?.type !== 'ByteLevel' ||
    tok.pre_tokenizer.use_regex === false ||
    (tok.normalizer !== null && tok.normalizer !== undefined)
  ) {
    throw new GgufExportError(
      'tokenizer.json: only a ByteLevel pre-tokenizer with the GPT-2 pattern and no normalizer is supported',
    );
  }
  const vocab = model.vocab ?? {};
  const added = new Map((tok.added_tokens ?? []).map((t) => [t.id, t]));
  const byId = new Map<number, string>();
  for (const [token, id] of Object.entries(vocab)) byId.set(id, token);
  for (const t of added.values()) byId.set(t.id, t.content);
  const size = Math.max(cfg.vocabSize, ...[...byId.keys()].map((id) => id + 1));
  if (size !== cfg.vocabSize) {
    throw new GgufExportError(
      `tokenizer.json has token ids up to ${size - 1}, beyond config.json vocab_size ${cfg.vocabSize}`,
    );
  }
  const tokens: string[] = [];
  const types: number[] = [];
  for (let id = 0; id < size; id++) {
    const token = byId.get(id);
    const extra = added.get(id);
    // Embedding rows beyond the tokenizer get placeholder tokens, as convert_hf_to_gguf.py writes.
    tokens.push(token ?? `[PAD${id}]`);
    types.push(
      token === undefined
        ? TOKEN_UNUSED
        : extra
          ? extra.special
            ? TOKEN_CONTROL
            : TOKEN_USER_DEFINED
          : TOKEN_NORMAL,
    );
  }
  const merges = (model.merges ?? []).map((m, i) => {
    if (typeof m === 'string') return m;
    if (Array.isArray(m) && m.length === 2 && m.every((p) => typeof p === 'string')) {
      return m.join(' ');
    }
    throw new GgufExportError(`tokenizer.json: merge ${i} is neither "a b" nor ["a", "b"]`);
  });
  const tokCfg = readJson(dir, 'tokenizer_config.json', false) ?? {};
  const gen = readJson(dir, 'generation_config.json', false) ?? {};
  const out: [string, GgufValue][] = [
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    // the pre-tokenizer split: the GPT-2 pattern, checked above
    ['tokenizer.ggml.pre', { type: 'string', value: 'gpt-2' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: tokens }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: types }],
    ['tokenizer.ggml.merges', { type: 'string[]', value: merges }],
  ];
  const id = (key: string, value: unknown): void => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < size) {
      out.push([key, { type: 'u32', value }]);
    }
  };
  id('tokenizer.ggml.bos_token_id', raw['bos_token_id']);
  const eos = cfg.eosTokenIds[0];
  id('tokenizer.ggml.eos_token_id', eos);
  id('tokenizer.ggml.padding_token_id', raw['pad_token_id']);
  // Chat models stop at the end of a turn (<|im_end|>), listed as a second eos by the trainer.
  const genEos = Array.isArray(gen['eos_token_id']) ? (gen['eos_token_id'] as unknown[]) : [];
  id(
    'tokenizer.ggml.eot_token_id',
    genEos.find((e) => e !== eos),
  );
  out.push([
    'tokenizer.ggml.add_bos_token',
    { type: 'bool', value: tokCfg['add_bos_token'] === true },
  ]);
  out.push([
    'tokenizer.ggml.add_eos_token',
    { type: 'bool', value: tokCfg['add_eos_token'] === true },
  ]);
  if (typeof tokCfg['chat_template'] === 'string') {
    out.push(['tokenizer.chat_template', { type: 'string', value: tokCfg['chat_template'] }]);
  }
  return out;
}

/**
 * Plans the GGUF file of a Hugging Face LLaMA directory (config.json, safetensors, tokenizer.json):
 * everything is checked and laid out before the first byte, so a caller can refuse the request or
 * announce the exact size; `chunks()` then converts one tensor at a time.
 */
export function planGgufExport(
  modelDir: string,
  options: { type: GgufType; name: string },
): GgufExport {
  const { type, name } = options;
  if (!(GGUF_TYPES as readonly string[]).includes(type)) {
    throw new GgufExportError(`unknown GGUF type ${String(type)} (${GGUF_TYPES.join(', ')})`);
  }
  if (
    existsSync(join(modelDir, 'adapter_config.json')) &&
    !existsSync(join(modelDir, 'config.json'))
  ) {
    throw new GgufExportError(
      'the artifact is a LoRA adapter without a merged model; only whole models can be exported',
    );
  }
  const raw = readJson(modelDir, 'config.json', true) ?? {};
  const modelType = raw['model_type'];
  if (modelType !== 'llama') {
    throw new GgufExportError(
      `config.json: model_type ${typeof modelType === 'string' ? modelType : JSON.stringify(modelType)} is not supported (llama only)`,
    );
  }
  if (raw['hidden_act'] !== undefined && raw['hidden_act'] !== 'silu') {
    throw new GgufExportError(
      `config.json: hidden_act ${JSON.stringify(raw['hidden_act'])} is not supported (silu only)`,
    );
  }
  let cfg: LlamaConfig;
  try {
    cfg = readLlamaConfig(modelDir);
  } catch (e) {
    throw new GgufExportError((e as Error).message);
  }
  // llama.cpp reads linear scaling from metadata; llama3's needs a rope_freqs tensor not written here
  const rope = cfg.ropeScaling;
  if (rope && rope.type !== 'linear')
    throw new GgufExportError(`config.json: rope_scaling ${rope.type} is not exported to GGUF`);
  const reader = new SafetensorsReader(modelDir);
  const { weight, fileType } = TYPES[type];
  const tensors = mapTensors(reader, reader.names(), cfg, weight);
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: name }],
    ['general.file_type', { type: 'u32', value: fileType }],
    ['general.quantization_version', { type: 'u32', value: 2 }],
    ['llama.vocab_size', { type: 'u32', value: cfg.vocabSize }],
    ['llama.context_length', { type: 'u32', value: cfg.maxPositions }],
    ['llama.embedding_length', { type: 'u32', value: cfg.hiddenSize }],
    ['llama.block_count', { type: 'u32', value: cfg.numLayers }],
    ['llama.feed_forward_length', { type: 'u32', value: cfg.intermediateSize }],
    ['llama.attention.head_count', { type: 'u32', value: cfg.numHeads }],
    ['llama.attention.head_count_kv', { type: 'u32', value: cfg.numKvHeads }],
    ['llama.attention.key_length', { type: 'u32', value: cfg.headDim }],
    ['llama.attention.value_length', { type: 'u32', value: cfg.headDim }],
    ['llama.rope.freq_base', { type: 'f32', value: cfg.ropeTheta }],
    ['llama.rope.dimension_count', { type: 'u32', value: cfg.headDim }],
    ...(rope
      ? ([
          ['llama.rope.scaling.type', { type: 'string', value: 'linear' }],
          ['llama.rope.scaling.factor', { type: 'f32', value: rope.factor }],
        ] as [string, GgufValue][])
      : []),
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: cfg.rmsNormEps }],
    ...tokenizerMetadata(modelDir, cfg, raw),
  ];
  const layout = layoutGguf(metadata, tensors);
  function* chunks(): Generator<Buffer> {
    yield layout.header;
    let written = 0;
    for (let i = 0; i < tensors.length; i++) {
      const t = tensors[i];
      const pad = layout.offsets[i] - written;
      if (pad > 0) yield Buffer.alloc(pad);
      const data = tensorData(reader, t);
      yield data;
      written = layout.offsets[i] + data.length;
    }
    const end = layout.totalBytes - layout.header.length;
    if (end > written) yield Buffer.alloc(end - written);
  }
  return {
    type,
    bytes: layout.totalBytes,
    tensors: tensors.map(({ name: n, shape, type: t, source }) => ({
      name: n,
      shape,
      type: t,
      source,
    })),
    metadata,
    chunks,
  };
}

function tensorData(reader: SafetensorsReader, t: MappedTensor): Buffer {
  let values = reader.float32(t.source);
  if (t.permuteHeads !== undefined) {
    values = permuteRotaryRows(values, t.shape[0], t.shape[1], t.permuteHeads);
  }
  switch (t.type) {
    case GgmlType.F32:
      return toF32Bytes(values);
    case GgmlType.F16:
      return toF16Bytes(values);
    case GgmlType.Q8_0:
      return quantizeQ8_0(values);
    case GgmlType.Q4_0:
      return quantizeQ4_0(values);
  }
}
