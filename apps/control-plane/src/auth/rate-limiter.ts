import { type Principal, RedisRateLimiter } from '@alloy/identity';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ApiError } from '../common/errors/api-error';
import { REDIS } from '../common/redis/redis.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthErrorCode } from './auth-errors';

/** Answered as 429 with `Retry-After`. */
export class RateLimitedError extends ApiError {
  override readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      AuthErrorCode.RATE_LIMITED,
      `rate limit of this credential reached; retry after ${retryAfterSeconds} s`,
      { retryAfterSeconds },
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Requests per minute per credential (`RATE_LIMIT_PER_MINUTE`; 0 turns it off). Workers are exempt. */
@Injectable()
export class RateLimiter {
  private readonly limiter: RedisRateLimiter;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new RedisRateLimiter(
      redis,
      `${config.redis.namespace}:ratelimit:api`,
      config.auth.rateLimitPerMinute,
    );
  }

  async consume(principal: Principal): Promise<void> {
    if (principal.kind === 'worker') return;
    const decision = await this.limiter.consume(principal.credentialId);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  }
}
