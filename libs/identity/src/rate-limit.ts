import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** When the caller may try again (whole seconds, as `Retry-After` wants them). */
  retryAfterSeconds: number;
  remaining: number;
}

/**
 * A fixed-window counter per credential in Redis, shared by every process of the installation.
 * Fails open when Redis does not answer: a rate limit must not turn a Redis outage into an outage
 * of every API.
 */
export class RedisRateLimiter {
  constructor(
    private readonly redis: Redis,
    /** e.g. `alloy:ratelimit:control-plane`. */
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  async consume(credentialId: string, cost = 1): Promise<RateDecision> {
    if (this.limit <= 0) return { allowed: true, retryAfterSeconds: 0, remaining: Infinity };
    const window = Math.floor(Date.now() / this.windowMs);
    const key = `${this.prefix}:${credentialId}:${window}`;
    let used: number;
    try {
      const replies = await this.redis
        .multi()
        .incrby(key, cost)
        .pexpire(key, this.windowMs * 2)
        .exec();
      used = Number(replies?.[0]?.[1] ?? 0);
    } catch {
      return { allowed: true, retryAfterSeconds: 0, remaining: this.limit };
    }
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil(((window + 1) * this.windowMs - Date.now()) / 1000),
    );
    return {
      allowed: used <= this.limit,
      retryAfterSeconds,
      remaining: Math.max(0, this.limit - used),
    };
  }
}
