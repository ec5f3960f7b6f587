import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RopeScaling } from '@alloy/contracts';
import {
  MAX_MODEL_CONFIG_BYTES,
  modelConfigLimitProblem,
  ropeScalingOf,
  servingFeatureProblem,
} from '@alloy/contracts';

/** config.json key under which the trainer records its bottleneck adapters (`method: adapter`). */
export const ADAPTER_CONFIG_KEY = 'alloy_bottleneck_adapter';

/** A residual bottleneck on each decoder layer's MLP output: h + up(silu(down(h))). */
export interface BottleneckAdapterConfig {
  bottleneck: number;
}

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
  ropeScaling: RopeScaling | null;
  tieWordEmbeddings: boolean;
  adapter: BottleneckAdapterConfig | null;
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
  const feature = servingFeatureProblem(raw);
  if (feature) throw new Error(feature.message);
  const rope = ropeScalingOf(raw);
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
    ropeScaling: 'scaling' in rope ? rope.scaling : null,
    tieWordEmbeddings: raw['tie_word_embeddings'] === true,
    adapter: adapterOf(raw[ADAPTER_CONFIG_KEY]),
    bosTokenId: typeof raw['bos_token_id'] === 'number' ? raw['bos_token_id'] : undefined,
    eosTokenIds: Array.isArray(eos)
      ? eos.filter((e): e is number => typeof e === 'number')
      : typeof eos === 'number'
        ? [eos]
        : [],
  };
}

/** The trainer's adapter record, or a refusal of a placement or activation the graphs do not build. */
function adapterOf(raw: unknown): BottleneckAdapterConfig | null {
  if (raw === undefined || raw === null) return null;
  const a = raw as Record<string, unknown>;
  const bottleneck = a['bottleneck'];
  if (typeof bottleneck !== 'number' || !Number.isInteger(bottleneck) || bottleneck <= 0)
    throw new Error(`config.json: ${ADAPTER_CONFIG_KEY}.bottleneck must be a positive integer`);
  if ((a['placement'] ?? 'mlp_output') !== 'mlp_output')
    throw new Error(
      `config.json: ${ADAPTER_CONFIG_KEY}.placement ${JSON.stringify(a['placement'])} is not supported (mlp_output is)`,
    );
  if ((a['activation'] ?? 'silu') !== 'silu')
    throw new Error(
      `config.json: ${ADAPTER_CONFIG_KEY}.activation ${JSON.stringify(a['activation'])} is not supported (silu is)`,
    );
  return { bottleneck };
}
