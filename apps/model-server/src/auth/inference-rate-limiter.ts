import { type Principal, RedisRateLimiter } from '@alloy/identity';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ServingError, ServingErrorCode } from '../common/serving-error';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/server-config';

/**
 * Requests per minute and generated tokens per day, per API key, counted in Redis so that every
 * replica enforces the same budget. Without `REDIS_URL` there are no limits.
 */
@Injectable()
export class InferenceRateLimiter implements OnApplicationShutdown {
  private readonly redis: Redis | null;
  private readonly requests: RedisRateLimiter | null;
  private readonly tokens: RedisRateLimiter | null;

  constructor(@Inject(SERVER_CONFIG) config: ServerConfig) {
    const { redisUrl, redisNamespace, requestsPerMinute, tokensPerDay } = config.limits.perKey;
    this.redis = redisUrl
      ? new Redis(redisUrl, {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          lazyConnect: false,
        })
      : null;
    this.redis?.on('error', () => undefined);
    const prefix = `${redisNamespace}:ratelimit`;
    this.requests = this.redis
      ? new RedisRateLimiter(this.redis, `${prefix}:inference`, requestsPerMinute)
      : null;
    this.tokens = this.redis
      ? new RedisRateLimiter(this.redis, `${prefix}:tokens`, tokensPerDay, { windowMs: 86_400_000 })
      : null;
  }

  /** One request, and a look at the day's token budget (refused once it is spent). */
  async consume(principal: Principal): Promise<void> {
    if (!this.requests || !this.tokens) return;
    const decision = await this.requests.consume(principal.credentialId);
    if (!decision.allowed) throw limited('request rate limit', decision.retryAfterSeconds);
    const budget = await this.tokens.consume(principal.credentialId, 0);
    if (!budget.allowed || budget.remaining <= 0)
      throw limited('daily token quota', budget.retryAfterSeconds);
  }

  /** Counts what a request generated against its key's daily quota. */
  spend(principal: Principal | null, tokens: number): Promise<void> {
    if (this.tokens && principal && tokens > 0) this.tokens.add(principal.credentialId, tokens);
    return Promise.resolve();
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

function limited(what: string, retryAfterSeconds: number): ServingError {
  return new ServingError(
    429,
    ServingErrorCode.RATE_LIMITED,
    `${what} of this API key reached; retry after ${retryAfterSeconds} s`,
    null,
    retryAfterSeconds,
  );
}
