import { statSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVariant, createTrainerModel } from '@alloy/model-builder';
import { InvalidParameterError, ModelNotFoundError } from '../inference.errors';
import { CausalLmSession } from '../session/causal-lm.session';
import { ModelRegistry } from './model-registry';

describe('ModelRegistry', () => {
  let dir: string;
  const events: string[] = [];
  let registry: ModelRegistry;

  beforeAll(async () => {
    dir = createTrainerModel({ config: 'tiny', seed: 5 });
    await buildVariant(dir, 'fp32', { layouts: ['fused'] });
    await buildVariant(dir, 'int8', { layouts: ['fused'], blockSize: 32 });
    await buildVariant(dir, 'int4', { layouts: ['fused'], blockSize: 32 });
    // Room for the fp32 model and one quantised model, not all three.
    const budget =
      statSync(CausalLmSession.modelFile(dir, 'fp32')).size +
      statSync(CausalLmSession.modelFile(dir, 'int8')).size +
      1;
    registry = new ModelRegistry({
      memoryBudgetBytes: budget,
      engine: { intraOpNumThreads: 1 },
      onEvent: (e) => events.push(`${e.type}:${e.modelId}`),
    });
    registry.register('a', { dir, variant: 'fp32' });
    registry.register('b', { dir, variant: 'int8' });
    registry.register('c', { dir, variant: 'int4' });
  }, 120_000);
  afterAll(async () => {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads on demand and unloads the least recently used idle model, never one in flight', async () => {
    const alone = await registry.generate('a', {
      prompt: 'The bank',
      maxTokens: 60,
      temperature: 0,
    });
    await registry.generate('b', { prompt: 'x', maxTokens: 2 });
    // 'a' is streaming while 'c' loads: 'a' must survive, so the idle 'b' goes instead.
    const stream = await registry.stream('a', {
      prompt: 'The bank',
      maxTokens: 60,
      temperature: 0,
    });
    const tokens: number[] = [];
    const iterator = stream[Symbol.asyncIterator]();
    tokens.push(...((await iterator.next()).value?.tokenIds ?? []));
    await registry.generate('c', { prompt: 'y', maxTokens: 2 });
    for (let r = await iterator.next(); !r.done; r = await iterator.next())
      tokens.push(...r.value.tokenIds);
    expect(tokens).toEqual(alone.tokenIds);
    expect(events).toContain('unloaded:b');
    expect(events).not.toContain('unloaded:a');
    expect(
      registry
        .loadedModels()
        .map((m) => m.modelId)
        .sort(),
    ).toEqual(['a', 'c']);
    // Now idle, 'a' is the least recently used model when 'b' comes back.
    await registry.generate('c', { prompt: 'z', maxTokens: 1 });
    await registry.generate('b', { prompt: 'z', maxTokens: 1 });
    expect(events).toContain('unloaded:a');
  });

  it('swaps the version behind an id without dropping the request in flight', async () => {
    const swap = new ModelRegistry({ engine: { intraOpNumThreads: 1 } });
    try {
      swap.register('m', { dir, variant: 'fp32' });
      const request = { prompt: 'Students', maxTokens: 40, temperature: 0, ignoreEos: true };
      const alone = await swap.generate('m', request);
      const inFlight = swap.generate('m', request);
      await new Promise((r) => setTimeout(r, 5));
      swap.register('m', { dir, variant: 'int4' });
      const after = await swap.generate('m', { prompt: 'Students', maxTokens: 3 });
      expect((await inFlight).tokenIds).toEqual(alone.tokenIds);
      expect(after.usage.completionTokens).toBeGreaterThan(0);
      expect((await swap.engine('m')).variant).toBe('int4');
    } finally {
      await swap.close();
    }
  });

  it('tokenises prompts on worker threads, with the same results, after checking the request', async () => {
    const threaded = new ModelRegistry({ engine: { intraOpNumThreads: 1 }, tokenizerThreads: 1 });
    try {
      threaded.register('a', { dir, variant: 'fp32' });
      const chat = { messages: [{ role: 'user', content: 'The bank' }], maxTokens: 8 };
      const requests = [
        { prompt: 'The bank', maxTokens: 8, temperature: 0 },
        { ...chat, temperature: 0 },
      ];
      for (const request of requests)
        expect((await threaded.generate('a', request)).tokenIds).toEqual(
          (await registry.generate('a', request)).tokenIds,
        );
      const streamed: number[] = [];
      for await (const chunk of await threaded.stream('a', requests[1]))
        streamed.push(...chunk.tokenIds);
      expect(streamed).toEqual((await registry.generate('a', requests[1])).tokenIds);
      expect(threaded.tokenizedOffThread).toBe(3);
      await expect(threaded.generate('a', { ...chat, temperature: 5 })).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
      expect(threaded.tokenizedOffThread).toBe(3);
    } finally {
      await threaded.close();
    }
  });

  it('answers an unknown model with ModelNotFoundError', async () => {
    await expect(registry.generate('nope', { prompt: 'x' })).rejects.toBeInstanceOf(
      ModelNotFoundError,
    );
  });
});
