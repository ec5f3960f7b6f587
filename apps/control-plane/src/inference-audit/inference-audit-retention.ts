import { InferenceAuditEntity } from '@alloy/db';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** Retention is counted in days: an hourly sweep deletes close enough to the time. */
export const INFERENCE_AUDIT_SWEEP_INTERVAL_MS = 3600_000;
/** Rows deleted per statement, so that a large backlog never holds one long lock. */
const SWEEP_BATCH = 10_000;

/**
 * Deletes `inference_audit` rows older than INFERENCE_AUDIT_RETENTION_DAYS. The sweep runs here
 * rather than on the model servers, which write the rows: their database role may only insert
 * them, so that a compromised model server cannot erase the record of what it served.
 */
@Injectable()
export class InferenceAuditRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InferenceAuditRetention.name);
  private timer: NodeJS.Timeout | undefined;
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Deletes every row older than the retention at `now`; returns how many. */
  sweep(now = new Date()): Promise<number> {
    // One sweep at a time per process: the next starts when the last has ended.
    const next = this.last.then(() => this.sweepAll(now));
    this.last = next.catch(() => undefined);
    return next;
  }

  onApplicationBootstrap(): void {
    const run = () =>
      void this.sweep().catch((error: unknown) =>
        this.logger.warn(`inference audit sweep: ${String(error)}`),
      );
    run();
    this.timer = setInterval(run, INFERENCE_AUDIT_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.last;
  }

  private async sweepAll(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.inferenceAudit.retentionMs);
    let deleted = 0;
    for (;;) {
      const result = await this.dataSource
        .createQueryBuilder()
        .delete()
        .from(InferenceAuditEntity)
        .where(
          `id IN (SELECT id FROM inference_audit WHERE created_at < :before LIMIT ${SWEEP_BATCH})`,
          { before },
        )
        .execute();
      const affected = result.affected ?? 0;
      deleted += affected;
      if (affected < SWEEP_BATCH) return deleted;
    }
  }
}
