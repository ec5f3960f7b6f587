import { InferenceAuditEntity } from '@alloy/db';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicSweep } from '../common/periodic-sweep';
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
export class InferenceAuditRetention extends PeriodicSweep {
  protected readonly logger = new Logger(InferenceAuditRetention.name);
  protected readonly intervalMs = INFERENCE_AUDIT_SWEEP_INTERVAL_MS;
  protected readonly what = 'inference audit';

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected async sweepAll(now: Date): Promise<number> {
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
