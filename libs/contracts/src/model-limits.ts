/**
 * Bounds on what a model directory may declare. Every reader of a `config.json` or a safetensors
 * header sizes arrays from these numbers, so a file that declares more than any real model is
 * refused before anything is allocated. The bounds sit well above today's largest open models
 * (hidden 16k, 128 layers, 256k vocabularies, 10M-token contexts).
 */
export const MODEL_CONFIG_LIMITS = {
  hidden_size: 65_536,
  intermediate_size: 262_144,
  num_hidden_layers: 1_024,
  num_attention_heads: 1_024,
  num_key_value_heads: 1_024,
  head_dim: 4_096,
  vocab_size: 4_194_304,
  max_position_embeddings: 16_777_216,
} as const;

export type ModelConfigLimitField = keyof typeof MODEL_CONFIG_LIMITS;

/** The largest safetensors JSON header read (the reference implementation's limit as well). */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

/** The largest config.json read. */
export const MAX_MODEL_CONFIG_BYTES = 1_048_576;

/** Default for the largest parameter count a registered model may have (2 trillion). */
export const DEFAULT_MAX_MODEL_PARAMETERS = 2_000_000_000_000;

export interface ModelLimitProblem {
  /** The config.json field at fault. */
  field: string;
  message: string;
}

/**
 * The first size field of a config.json that is present but not a positive integer within its
 * bound, or null. Fields that are absent are left to the reader's own defaults.
 */
export function modelConfigLimitProblem(config: Record<string, unknown>): ModelLimitProblem | null {
  for (const [field, limit] of Object.entries(MODEL_CONFIG_LIMITS)) {
    const value = config[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      return { field, message: `config.json: ${field} must be a positive integer` };
    }
    if (value > limit) {
      return {
        field,
        message: `config.json: ${field} is ${value}, above the limit of ${limit}`,
      };
    }
  }
  return null;
}

/** LLaMA-family parameter count from config.json (absent sizes count as 0). */
export function estimateLlamaParameters(config: Record<string, unknown>): number {
  const n = (key: string) => (typeof config[key] === 'number' ? config[key] : 0);
  const hidden = n('hidden_size');
  const heads = n('num_attention_heads') || 1;
  const kvHeads = n('num_key_value_heads') || heads;
  const headDim = n('head_dim') || hidden / heads;
  const attention = hidden * heads * headDim * 2 + hidden * kvHeads * headDim * 2;
  const mlp = 3 * hidden * n('intermediate_size');
  const perLayer = attention + mlp + 2 * hidden;
  const embeddings = n('vocab_size') * hidden * (config.tie_word_embeddings ? 1 : 2);
  return n('num_hidden_layers') * perLayer + embeddings + hidden;
}
