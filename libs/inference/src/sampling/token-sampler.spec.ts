import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../inference.errors';
import { resolveSampling } from './sampling-params';
import { TokenSampler } from './token-sampler';

const logits = Float32Array.from([2, 1, 0.5, 0, -1, 3, 2.9, -2]);
const draw = (
  params: Parameters<typeof resolveSampling>[0],
  n: number,
  prompt: number[] = [],
): number[] => {
  const sampler = new TokenSampler(resolveSampling({ seed: 42, ...params }), logits.length, prompt);
  return Array.from({ length: n }, () => sampler.sample(logits, undefined).tokenId);
};

describe('TokenSampler', () => {
  it('is greedy at temperature 0 and with top_k 1', () => {
    expect(draw({ temperature: 0 }, 5)).toEqual([5, 5, 5, 5, 5]);
    expect(draw({ temperature: 1.5, topK: 1 }, 5)).toEqual([5, 5, 5, 5, 5]);
  });

  it('keeps only the top-k tokens and the top-p nucleus', () => {
    expect(new Set(draw({ temperature: 2, topK: 2 }, 300))).toEqual(new Set([5, 6]));
    // p(5) ~ 0.39 and p(6) ~ 0.35 at temperature 1: top_p 0.5 needs both, 0.3 only the first.
    expect(new Set(draw({ topP: 0.5 }, 300))).toEqual(new Set([5, 6]));
    expect(new Set(draw({ topP: 0.3 }, 100))).toEqual(new Set([5]));
  });

  it('draws tokens with the softmax probabilities', () => {
    const n = 20_000;
    const counts = new Array<number>(logits.length).fill(0);
    for (const id of draw({ temperature: 1 }, n)) counts[id]++;
    const z = logits.reduce((s, x) => s + Math.exp(x), 0);
    logits.forEach((x, i) => {
      const p = Math.exp(x) / z;
      // Within five standard deviations of a binomial count.
      expect(Math.abs(counts[i] - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)) + 1);
    });
  });

  it('repeats the same draws for the same seed, and penalises repeated tokens', () => {
    expect(draw({ temperature: 1, seed: 7 }, 50)).toEqual(draw({ temperature: 1, seed: 7 }, 50));
    expect(draw({ temperature: 1, seed: 7 }, 50)).not.toEqual(
      draw({ temperature: 1, seed: 8 }, 50),
    );
    // Token 5 is in the prompt: a strong penalty hands the greedy choice to token 6.
    expect(draw({ temperature: 0, repetitionPenalty: 2 }, 1, [5])).toEqual([6]);
  });

  it('reports log-probabilities of the model distribution', () => {
    const sampler = new TokenSampler(resolveSampling({ temperature: 0 }), logits.length, []);
    const t = sampler.sample(logits, 2);
    const z = Math.log(logits.reduce((s, x) => s + Math.exp(x), 0));
    expect(t.logprob).toBeCloseTo(3 - z, 5);
    expect(t.topLogprobs?.map((x) => x.tokenId)).toEqual([5, 6]);
  });

  it('names the bad field', () => {
    for (const [params, field] of [
      [{ temperature: -1 }, 'temperature'],
      [{ topP: 1.5 }, 'top_p'],
      [{ topK: 1.5 }, 'top_k'],
      [{ repetitionPenalty: 0 }, 'repetition_penalty'],
      [{ seed: 0.5 }, 'seed'],
    ] as const) {
      expect(() => resolveSampling(params)).toThrow(InvalidParameterError);
      expect(() => resolveSampling(params)).toThrow(new RegExp(`^${field}:`));
    }
  });
});
