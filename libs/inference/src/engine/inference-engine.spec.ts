import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildVariant,
  createTrainerModel,
  trainerLogits,
  trainerTokenize,
} from '@alloy/model-builder';
import {
  CancelledError,
  InvalidParameterError,
  OverloadedError,
  PromptTooLongError,
} from '../inference.errors';
import { InferenceEngine } from './inference-engine';
import type { GenerateRequest } from './generation.types';

const PROMPTS = [
  'The bank reviews',
  'A patient with chest pain',
  'Students',
  'Interest accrues daily and',
  'café 東京 🙂',
];

describe('InferenceEngine', () => {
  let dir: string;
  let engine: InferenceEngine;

  beforeAll(async () => {
    dir = createTrainerModel({ config: 'tiny', seed: 11 });
    await buildVariant(dir, 'fp32', { layouts: ['fused'] });
    engine = await InferenceEngine.load(dir, 'fp32', { intraOpNumThreads: 1, maxBatchSize: 8 });
  }, 120_000);
  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tokenizes as the trainer does and renders the chat template', () => {
    const text = 'Hello, world! café 東京 서울 🙂';
    const ids = trainerTokenize(dir, text);
    expect(engine.tokenizer.encode(text)).toEqual(ids);
    expect(engine.tokenizer.decode(ids)).toBe(text);
    expect(engine.tokenizer.decode([])).toBe('');
    expect(engine.tokenizer.applyChatTemplate([{ role: 'user', content: 'hi' }])).toBe(
      '<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('greedy tokens are the argmax of the PyTorch reference at every step', async () => {
    const prompt = engine.tokenizer.encode(PROMPTS[1]);
    const result = await engine.generate({ promptTokenIds: prompt, maxTokens: 24, temperature: 0 });
    const ids = [...prompt, ...result.tokenIds];
    const logits = trainerLogits(dir, ids);
    const v = logits.length / ids.length;
    result.tokenIds.forEach((token, i) => {
      const row = logits.subarray((prompt.length - 1 + i) * v, (prompt.length + i) * v);
      let best = 0;
      for (let j = 1; j < v; j++) if (row[j] > row[best]) best = j;
      expect(token).toBe(best);
    });
    expect(result.usage).toEqual({
      promptTokens: prompt.length,
      completionTokens: 24,
      totalTokens: prompt.length + 24,
    });
  });

  it('returns the same tokens batched as alone, greedy and seeded sampling', async () => {
    const requests: GenerateRequest[] = PROMPTS.flatMap((prompt, i) => [
      { prompt, maxTokens: 12 + 7 * i, temperature: 0 },
      {
        prompt,
        maxTokens: 20,
        temperature: 0.9,
        topK: 50,
        topP: 0.95,
        repetitionPenalty: 1.1,
        seed: 100 + i,
      },
    ]);
    // A long one makes the batch's KV buffers grow while the others run.
    requests.push({ prompt: PROMPTS[2], maxTokens: 150, temperature: 0, ignoreEos: true });
    const alone: number[][] = [];
    for (const r of requests) alone.push((await engine.generate(r)).tokenIds);
    const batched = await Promise.all(requests.map((r) => engine.generate(r)));
    expect(batched.map((b) => b.tokenIds)).toEqual(alone);
    // The same with the other two ways of keeping the cache.
    for (const kvCache of ['grow', 'in-place'] as const) {
      const other = await InferenceEngine.load(dir, 'fp32', { intraOpNumThreads: 1, kvCache });
      try {
        const results = await Promise.all(requests.map((r) => other.generate(r)));
        expect(results.map((b) => b.tokenIds)).toEqual(alone);
      } finally {
        await other.close();
      }
    }
    expect(engine.stats().steps).toBeGreaterThan(0);
  });

  it('streams the same text that generate returns, and stops at stop sequences', async () => {
    const request: GenerateRequest = { prompt: PROMPTS[0], maxTokens: 30, temperature: 0 };
    const full = await engine.generate(request);
    let streamed = '';
    let last;
    for await (const chunk of engine.stream(request)) {
      streamed += chunk.text;
      last = chunk;
    }
    expect(streamed).toBe(full.text);
    expect(last?.finishReason).toBe('length');
    const stop = full.text.slice(5, 8);
    const cut = await engine.generate({ ...request, stop: [stop] });
    expect(cut.finishReason).toBe('stop');
    expect(cut.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
  });

  it('returns token log-probabilities on request', async () => {
    const r = await engine.generate({
      prompt: PROMPTS[2],
      maxTokens: 5,
      temperature: 0,
      logprobs: true,
      topLogprobs: 3,
    });
    expect(r.logprobs).toHaveLength(r.tokenIds.length);
    for (const lp of r.logprobs!) {
      expect(lp.logprob).toBeLessThanOrEqual(0);
      expect(lp.topLogprobs![0].tokenId).toBe(lp.tokenId);
      expect(lp.topLogprobs![0].logprob).toBeCloseTo(lp.logprob, 6);
    }
  });

  it('stops generating when the request is aborted, without disturbing the others', async () => {
    const controller = new AbortController();
    const other = engine.generate({ prompt: PROMPTS[3], maxTokens: 40, temperature: 0 });
    const received: string[] = [];
    const consume = (async () => {
      for await (const chunk of engine.stream(
        { prompt: PROMPTS[0], maxTokens: 200, temperature: 0 },
        { signal: controller.signal },
      )) {
        received.push(...chunk.tokenIds.map(String));
        if (received.length === 3) controller.abort();
      }
    })();
    await expect(consume).rejects.toBeInstanceOf(CancelledError);
    expect(received.length).toBeLessThan(10);
    const alone = await engine.generate({ prompt: PROMPTS[3], maxTokens: 40, temperature: 0 });
    expect((await other).tokenIds).toEqual(alone.tokenIds);
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.inFlight).toBe(0);
  });

  it('rejects bad parameters naming the field, and prompts beyond the context with its limit', async () => {
    const bad: [GenerateRequest, string][] = [
      [{ prompt: 'x', temperature: 3 }, 'temperature'],
      [{ prompt: 'x', topP: 0 }, 'top_p'],
      [{ prompt: 'x', topK: -1 }, 'top_k'],
      [{ prompt: 'x', maxTokens: 0 }, 'max_tokens'],
      [{ prompt: 'x', maxTokens: 257 }, 'max_tokens'],
      [{ prompt: 'x', stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
      [{}, 'prompt'],
    ];
    for (const [request, field] of bad) {
      expect(() => engine.stream(request)).toThrow(InvalidParameterError);
      try {
        engine.stream(request);
      } catch (err) {
        expect((err as InvalidParameterError).field).toBe(field);
      }
    }
    const long = { promptTokenIds: new Array<number>(300).fill(5) };
    await expect(engine.generate(long)).rejects.toBeInstanceOf(PromptTooLongError);
    await expect(engine.generate({ promptTokenIds: [5, 6], maxTokens: 255 })).rejects.toMatchObject(
      { limit: 256 },
    );
  });

  it('serves the fp16 variant with a float16 KV cache', async () => {
    await buildVariant(dir, 'fp16', { layouts: ['fused'] });
    const half = await InferenceEngine.load(dir, 'fp16', { intraOpNumThreads: 1 });
    try {
      const prompt = engine.tokenizer.encode(PROMPTS[1]);
      const r = await half.generate({
        promptTokenIds: prompt,
        maxTokens: 8,
        temperature: 0,
        ignoreEos: true,
      });
      expect(r.tokenIds).toHaveLength(8);
      // The first token comes from the prompt alone: it must match fp32 unless logits nearly tie.
      const full = await engine.generate({
        promptTokenIds: prompt,
        maxTokens: 1,
        temperature: 0,
        ignoreEos: true,
      });
      expect(r.tokenIds[0]).toBe(full.tokenIds[0]);
    } finally {
      await half.close();
    }
  });

  it('answers overload with a retry delay instead of queueing without bound', async () => {
    const small = await InferenceEngine.load(dir, 'fp32', {
      intraOpNumThreads: 1,
      maxBatchSize: 1,
      maxQueue: 1,
    });
    try {
      const first = small.generate({ prompt: 'a', maxTokens: 20, temperature: 0 });
      const second = small.generate({ prompt: 'b', maxTokens: 20, temperature: 0 });
      const third = small.generate({ prompt: 'c', maxTokens: 20, temperature: 0 });
      await expect(third).rejects.toBeInstanceOf(OverloadedError);
      await expect(third).rejects.toMatchObject({ code: 'OVERLOADED' });
      await Promise.all([first, second]);
    } finally {
      await small.close();
    }
  });
});
