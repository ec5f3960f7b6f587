import type { ModelLimitProblem } from './model-limits';

/**
 * What of a LLaMA-family config.json the model server can serve exactly, checked where a model is
 * registered and again where its graph is built, so an unsupported model is refused up front and
 * never served with silently different outputs.
 */

/** Rotary scaling the graphs reproduce (transformers' `rope_type` names). */
export const SUPPORTED_ROPE_SCALING = ['default', 'linear', 'dynamic', 'llama3'] as const;
export type RopeScalingType = (typeof SUPPORTED_ROPE_SCALING)[number];

export interface RopeScaling {
  type: RopeScalingType;
  factor: number;
  lowFreqFactor?: number;
  highFreqFactor?: number;
  originalMaxPositions?: number;
}

const positive = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

/**
 * `rope_scaling` as the graphs use it, or the problem with it. `dynamic` scales the frequencies
 * only for sequences longer than the original context, so it equals the default as long as the
 * served context does not exceed that one: the only case accepted (static, one table).
 */
export function ropeScalingOf(
  config: Record<string, unknown>,
): { scaling: RopeScaling | null } | { problem: ModelLimitProblem } {
  const raw = config['rope_scaling'];
  if (raw === undefined || raw === null) return { scaling: null };
  const field = 'rope_scaling';
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { problem: { field, message: 'config.json: rope_scaling must be an object or null' } };
  const r = raw as Record<string, unknown>;
  const type = r['rope_type'] ?? r['type'] ?? 'default';
  if (!(SUPPORTED_ROPE_SCALING as readonly unknown[]).includes(type)) {
    return {
      problem: {
        field: `${field}.rope_type`,
        message: `config.json: rope_scaling type ${JSON.stringify(type)} is not supported; supported: ${SUPPORTED_ROPE_SCALING.join(', ')}`,
      },
    };
  }
  const scaling: RopeScaling = { type: type as RopeScalingType, factor: 1 };
  if (type === 'default') return { scaling: null };
  if (!positive(r['factor']))
    return {
      problem: {
        field: `${field}.factor`,
        message: `config.json: rope_scaling.factor must be a positive number for ${scaling.type}`,
      },
    };
  scaling.factor = r['factor'];
  const original = r['original_max_position_embeddings'];
  if (type === 'llama3') {
    for (const key of ['low_freq_factor', 'high_freq_factor', 'original_max_position_embeddings']) {
      if (!positive(r[key]))
        return {
          problem: {
            field: `${field}.${key}`,
            message: `config.json: rope_scaling.${key} must be a positive number for llama3`,
          },
        };
    }
    if ((r['high_freq_factor'] as number) <= (r['low_freq_factor'] as number))
      return {
        problem: {
          field: `${field}.high_freq_factor`,
          message: 'config.json: rope_scaling.high_freq_factor must be above low_freq_factor',
        },
      };
    scaling.lowFreqFactor = r['low_freq_factor'] as number;
    scaling.highFreqFactor = r['high_freq_factor'] as number;
    scaling.originalMaxPositions = original as number;
  }
  if (type === 'dynamic') {
    const context = config['max_position_embeddings'];
    if (positive(original) && positive(context) && original < context)
      return {
        problem: {
          field: `${field}.original_max_position_embeddings`,
          message: `config.json: dynamic rope_scaling with original_max_position_embeddings ${original} below max_position_embeddings ${context} changes the frequencies with the sequence length, which the model server does not reproduce`,
        },
      };
    // within the original context dynamic scaling is the identity
    return { scaling: null };
  }
  return { scaling };
}

/**
 * The first feature of config.json the model server cannot reproduce exactly, or null:
 * an unsupported rope_scaling, or sliding-window attention narrower than the context (Mistral's
 * `sliding_window`, Qwen2's when `use_sliding_window` is set).
 */
export function servingFeatureProblem(config: Record<string, unknown>): ModelLimitProblem | null {
  const rope = ropeScalingOf(config);
  if ('problem' in rope) return rope.problem;
  const window = config['sliding_window'];
  const context = config['max_position_embeddings'];
  const modelType = config['model_type'];
  const windowOn = modelType === 'qwen2' ? config['use_sliding_window'] === true : true;
  if (windowOn && positive(window) && positive(context) && window < context) {
    return {
      field: 'sliding_window',
      message: `config.json: sliding-window attention (sliding_window ${window} below max_position_embeddings ${context}) is not supported by the model server; set max_position_embeddings to at most ${window} to serve it with full attention over that context`,
    };
  }
  return null;
}

/**
 * Inverse rotary frequencies (one per pair of head dimensions) in float32, as transformers and
 * the trainer compute them: theta^(-2i/d), then the scaling.
 */
export function ropeInverseFrequencies(
  headDim: number,
  theta: number,
  scaling: RopeScaling | null,
): Float32Array {
  const half = headDim / 2;
  const inv = new Float32Array(half);
  for (let i = 0; i < half; i++) inv[i] = Math.fround(1 / theta ** ((2 * i) / headDim));
  if (!scaling) return inv;
  if (scaling.type === 'linear') return inv.map((f) => Math.fround(f / scaling.factor));
  if (scaling.type === 'llama3') {
    const { factor } = scaling;
    const low = scaling.lowFreqFactor!;
    const high = scaling.highFreqFactor!;
    const old = scaling.originalMaxPositions!;
    const lowWavelen = old / low;
    const highWavelen = old / high;
    return inv.map((f) => {
      const wavelen = (2 * Math.PI) / f;
      if (wavelen < highWavelen) return f; // high frequencies: unchanged
      if (wavelen > lowWavelen) return Math.fround(f / factor); // low: scaled by the factor
      const smooth = (old / wavelen - low) / (high - low);
      return Math.fround(((1 - smooth) * f) / factor + smooth * f);
    });
  }
  return inv;
}
