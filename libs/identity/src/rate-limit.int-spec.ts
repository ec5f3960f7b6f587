import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisRateLimiter } from './rate-limit';

describe('RedisRateLimiter (real Redis)', () => {
  let redis: Redis;
  const prefix = `${inject('redisNamespace')}:ratelimit:test-${randomBytes(3).toString('hex')}`;

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });

  afterAll(() => {
    redis?.disconnect();
  });

  it('refuses past the limit in one process at once, counting only what it allowed', async () => {
    const limiter = new RedisRateLimiter(redis, prefix, 5);
    const decisions = [];
    for (let i = 0; i < 7; i += 1) decisions.push(await limiter.consume('key-a'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions[6].retryAfterSeconds).toBeGreaterThan(0);
    // another credential has its own budget
    expect((await limiter.consume('key-b')).allowed).toBe(true);
    await limiter.flush();
    const keys = await redis.keys(`${prefix}:key-a:*`);
    expect(keys).toHaveLength(1);
    expect(await redis.get(keys[0])).toBe('5');
  });

  it("sees the other processes' requests once they have flushed", async () => {
    const first = new RedisRateLimiter(redis, `${prefix}:shared`, 4);
    const second = new RedisRateLimiter(redis, `${prefix}:shared`, 4);
    for (let i = 0; i < 3; i += 1) expect((await first.consume('k')).allowed).toBe(true);
    await first.flush();
    // The second process learns the total at its own next flush.
    expect((await second.consume('k')).allowed).toBe(true);
    await second.flush();
    expect((await second.consume('k')).allowed).toBe(false);
  });

  it('counts used amounts whatever the limit, and is off at 0', async () => {
    const tokens = new RedisRateLimiter(redis, `${prefix}:tokens`, 100, { windowMs: 86_400_000 });
    tokens.add('k', 150);
    expect((await tokens.consume('k', 0)).allowed).toBe(false);
    const off = new RedisRateLimiter(redis, `${prefix}:off`, 0);
    for (let i = 0; i < 5; i += 1) expect((await off.consume('k')).allowed).toBe(true);
  });
});
