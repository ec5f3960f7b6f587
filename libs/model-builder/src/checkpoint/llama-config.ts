import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_MODEL_CONFIG_BYTES, modelConfigLimitProblem } from '@alloy/contracts';

/** The parts of a LLaMA-family `config.json` the graph needs. */
export interface LlamaConfig {
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  vocabSize: number;
  maxPositions: number;
  rmsNormEps: number;
  ropeTheta: number;
  tieWordEmbeddings: boolean;
  bosTokenId?: number;
  eosTokenIds: number[];
}

const SUPPORTED = new Set(['llama', 'mistral', 'qwen2']);

/** Reads config.json; sizes beyond sane bounds are refused before any graph is sized from them. */
export function readLlamaConfig(modelDir: string): LlamaConfig {
  const file = join(modelDir, 'config.json');
  const bytes = statSync(file).size;
  if (bytes > MAX_MODEL_CONFIG_BYTES) {
    throw new Error(`config.json is ${bytes} bytes, above the limit of ${MAX_MODEL_CONFIG_BYTES}`);
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const problem = modelConfigLimitProblem(raw);
  if (problem) throw new Error(problem.message);
  const modelType = typeof raw['model_type'] === 'string' ? raw['model_type'] : 'llama';
  if (!SUPPORTED.has(modelType)) throw new Error(`unsupported model_type ${modelType}`);
  const num = (key: string, fallback?: number): number => {
    const v = raw[key] ?? fallback;
    if (typeof v !== 'number') throw new Error(`config.json: ${key} missing or not a number`);
    return v;
  };
  if (raw['rope_scaling'] !== undefined && raw['rope_scaling'] !== null) {
    throw new Error('config.json: rope_scaling is not supported yet');
  }
  const hiddenSize = num('hidden_size');
  const numHeads = num('num_attention_heads');
  const eos = raw['eos_token_id'];
  return {
    hiddenSize,
    intermediateSize: num('intermediate_size'),
    numLayers: num('num_hidden_layers'),
    numHeads,
    numKvHeads: num('num_key_value_heads', numHeads),
    headDim: num('head_dim', hiddenSize / numHeads),
    vocabSize: num('vocab_size'),
    maxPositions: num('max_position_embeddings', 2048),
    rmsNormEps: num('rms_norm_eps', 1e-6),
    ropeTheta: num('rope_theta', 10000),
    tieWordEmbeddings: raw['tie_word_embeddings'] === true,
    bosTokenId: typeof raw['bos_token_id'] === 'number' ? raw['bos_token_id'] : undefined,
    eosTokenIds: Array.isArray(eos)
      ? eos.filter((e): e is number => typeof e === 'number')
      : typeof eos === 'number'
        ? [eos]
        : [],
  };
}
