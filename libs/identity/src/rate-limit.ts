import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** When the caller may try again (whole seconds, as `Retry-After` wants them). */
  retryAfterSeconds: number;
  remaining: number;
}

interface Counter {
  window: number;
  /** The window's total in Redis at the last flush: every process's requests. */
  known: number;
  /** This process's requests not yet added to Redis. */
  pending: number;
}

export interface RateLimiterOptions {
  windowMs?: number;
  /** How often this process adds its counts to Redis and reads the others' back. */
  flushMs?: number;
}

/**
 * A fixed-window counter per credential, shared by every process of the installation through
 * Redis. Each process counts locally and adds its counts to Redis every `flushMs` (one INCRBY per
 * credential for all the requests in between), reading back the total: a round trip per request
 * cost half the API's throughput, and the price of batching is that processes see each other's
 * requests up to `flushMs` late (a burst may pass the limit by what the other processes served in
 * that time). Fails open when Redis does not answer: a rate limit must not turn a Redis outage into
 * an outage of every API; each process then still holds its own count to the limit.
 */
export class RedisRateLimiter {
  private readonly counters = new Map<string, Counter>();
  private readonly windowMs: number;
  private readonly flushMs: number;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    /** e.g. `alloy:ratelimit:api`. */
    private readonly prefix: string,
    private readonly limit: number,
    options: RateLimiterOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.flushMs = options.flushMs ?? 100;
  }

  /** Counts `cost` against the credential (0: only looks) and says whether it is within the limit. */
  consume(credentialId: string, cost = 1): Promise<RateDecision> {
    if (this.limit <= 0)
      return Promise.resolve({ allowed: true, retryAfterSeconds: 0, remaining: Infinity });
    const window = Math.floor(Date.now() / this.windowMs);
    let counter = this.counters.get(credentialId);
    if (!counter || counter.window !== window) {
      counter = { window, known: 0, pending: 0 };
      this.counters.set(credentialId, counter);
    }
    const used = counter.known + counter.pending + cost;
    const allowed = used <= this.limit;
    // A refused request is not counted: it got nothing.
    if (allowed && cost > 0) {
      counter.pending += cost;
      this.scheduleFlush();
    }
    return Promise.resolve({
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * this.windowMs - Date.now()) / 1000)),
      remaining: Math.max(0, this.limit - used),
    });
  }

  /** Counts what was used whatever the limit (tokens a request has already generated). */
  add(credentialId: string, cost: number): void {
    if (this.limit <= 0 || cost <= 0) return;
    const window = Math.floor(Date.now() / this.windowMs);
    let counter = this.counters.get(credentialId);
    if (!counter || counter.window !== window) {
      counter = { window, known: 0, pending: 0 };
      this.counters.set(credentialId, counter);
    }
    counter.pending += cost;
    this.scheduleFlush();
  }

  /** Adds what this process counted to Redis now and reads the totals back (tests, shutdown). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flushing;
    this.flushing = this.write();
    await this.flushing;
    this.flushing = null;
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.flushMs);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    const batch = [...this.counters].filter(([, c]) => c.pending > 0);
    const current = Math.floor(Date.now() / this.windowMs);
    // Counters of windows that have ended are of no more use.
    for (const [id, c] of this.counters)
      if (c.window < current && c.pending === 0) this.counters.delete(id);
    if (batch.length === 0) return;
    const sent = batch.map(([, c]) => c.pending);
    const pipeline = this.redis.pipeline();
    for (const [id, c] of batch) {
      const key = `${this.prefix}:${id}:${c.window}`;
      pipeline.incrby(key, c.pending).pexpire(key, this.windowMs * 2);
    }
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await pipeline.exec();
    } catch {
      return; // kept pending: added at the next flush
    }
    batch.forEach(([, c], i) => {
      const total = Number(replies?.[i * 2]?.[1]);
      if (!Number.isFinite(total)) return;
      c.pending -= sent[i];
      c.known = total;
    });
  }
}
