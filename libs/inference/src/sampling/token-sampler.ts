import type { ResolvedSampling } from './sampling-params';

export interface TopLogprob {
  tokenId: number;
  logprob: number;
}

export interface SampledToken {
  tokenId: number;
  /** log p(token) under the model's distribution (before penalties and temperature). */
  logprob?: number;
  topLogprobs?: TopLogprob[];
}

/** mulberry32: small, fast and good enough for sampling; one generator per request. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Chooses the next token of one sequence. It owns the request's random generator, so a request
 * draws the same numbers whichever batch it shares.
 */
export class TokenSampler {
  private readonly random: () => number;
  private readonly seen = new Set<number>();
  private readonly work: Float32Array;

  constructor(
    private readonly params: ResolvedSampling,
    vocabSize: number,
    promptIds: readonly number[],
  ) {
    this.random = mulberry32(params.seed);
    this.work = new Float32Array(vocabSize);
    if (params.repetitionPenalty !== 1) for (const id of promptIds) this.seen.add(id);
  }

  sample(logits: Float32Array, logprobs: number | undefined): SampledToken {
    const { temperature, topK, topP, repetitionPenalty } = this.params;
    const x = this.work;
    x.set(logits);
    if (repetitionPenalty !== 1) {
      for (const id of this.seen)
        x[id] = x[id] > 0 ? x[id] / repetitionPenalty : x[id] * repetitionPenalty;
    }
    const tokenId = temperature === 0 ? argmax(x) : this.draw(x, temperature, topK, topP);
    if (repetitionPenalty !== 1) this.seen.add(tokenId);
    if (logprobs === undefined) return { tokenId };
    return { tokenId, ...logprobsOf(logits, tokenId, logprobs) };
  }

  private draw(x: Float32Array, temperature: number, topK: number, topP: number): number {
    const n = x.length;
    const max = x[argmax(x)];
    let candidates: number[] | undefined;
    if (topK > 0 && topK < n) candidates = topKIndices(x, topK);
    if (topP < 1) {
      candidates ??= Array.from({ length: n }, (_, i) => i);
      candidates.sort((a, b) => x[b] - x[a] || a - b);
    }
    const ids = candidates ?? null;
    const count = ids ? ids.length : n;
    const probs = new Float64Array(count);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const p = Math.exp((x[ids ? ids[i] : i] - max) / temperature);
      probs[i] = p;
      total += p;
    }
    let limit = count;
    if (topP < 1) {
      let cumulative = 0;
      for (let i = 0; i < count; i++) {
        cumulative += probs[i] / total;
        if (cumulative >= topP) {
          limit = i + 1;
          break;
        }
      }
      total = 0;
      for (let i = 0; i < limit; i++) total += probs[i];
    }
    let r = this.random() * total;
    for (let i = 0; i < limit; i++) {
      r -= probs[i];
      if (r <= 0) return ids ? ids[i] : i;
    }
    const last = limit - 1;
    return ids ? ids[last] : last;
  }
}

export function argmax(x: Float32Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
  return best;
}

function topKIndices(x: Float32Array, k: number): number[] {
  // A running list of the k best: k is small (tens) against vocabularies of tens of thousands.
  const best: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (best.length === k && x[i] <= x[best[k - 1]]) continue;
    let pos = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(i);
    while (pos > 0 && x[best[pos - 1]] < x[i]) {
      best[pos] = best[pos - 1]!;
      pos--;
    }
    best[pos] = i;
  }
  return best;
}

function logprobsOf(
  logits: Float32Array,
  tokenId: number,
  top: number,
): { logprob: number; topLogprobs?: TopLogprob[] } {
  const max = logits[argmax(logits)];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const logZ = max + Math.log(sum);
  const logprob = logits[tokenId] - logZ;
  if (top <= 0) return { logprob };
  return {
    logprob,
    topLogprobs: topKIndices(logits, top).map((id) => ({
      tokenId: id,
      logprob: logits[id] - logZ,
    })),
  };
}
