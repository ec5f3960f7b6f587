import { InvalidParameterError } from '../inference.errors';

/** Sampling settings of one request (OpenAI's names in camelCase). */
export interface SamplingParams {
  /** 0 is greedy. Default 1. Range [0, 2]. */
  temperature?: number;
  /** Keep the k most likely tokens; 0 keeps all. Default 0. */
  topK?: number;
  /** Nucleus sampling mass in (0, 1]. Default 1. */
  topP?: number;
  /** > 1 discourages tokens already in the prompt or output (as transformers does). Default 1. */
  repetitionPenalty?: number;
  /** Makes sampling reproducible; the same seed gives the same tokens, batched or alone. */
  seed?: number;
}

export interface ResolvedSampling {
  temperature: number;
  topK: number;
  topP: number;
  repetitionPenalty: number;
  seed: number;
}

function check(field: string, ok: boolean, message: string): void {
  if (!ok) throw new InvalidParameterError(field, message);
}

export function resolveSampling(p: SamplingParams): ResolvedSampling {
  const temperature = p.temperature ?? 1;
  check(
    'temperature',
    Number.isFinite(temperature) && temperature >= 0 && temperature <= 2,
    'must be a number in [0, 2]',
  );
  const topK = p.topK ?? 0;
  check('top_k', Number.isInteger(topK) && topK >= 0, 'must be an integer >= 0');
  const topP = p.topP ?? 1;
  check('top_p', Number.isFinite(topP) && topP > 0 && topP <= 1, 'must be a number in (0, 1]');
  const repetitionPenalty = p.repetitionPenalty ?? 1;
  check(
    'repetition_penalty',
    Number.isFinite(repetitionPenalty) && repetitionPenalty > 0 && repetitionPenalty <= 10,
    'must be a number in (0, 10]',
  );
  const seed = p.seed ?? Math.floor(Math.random() * 2 ** 32);
  check('seed', Number.isSafeInteger(seed), 'must be an integer');
  return { temperature, topK, topP, repetitionPenalty, seed };
}
