import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../common/redis/redis.module';

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: Record<'postgres' | 'redis', { status: 'ok' | 'down'; error?: string }>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function check(
  probe: () => Promise<unknown>,
): Promise<{ status: 'ok' | 'down'; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const [postgres, redis] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.redis.ping()),
    ]);
    return {
      status: postgres.status === 'ok' && redis.status === 'ok' ? 'ok' : 'unavailable',
      checks: { postgres, redis },
    };
  }
}
