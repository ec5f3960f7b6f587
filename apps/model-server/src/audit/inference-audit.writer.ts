import { InferenceAuditEntity } from '@alloy/db';
import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ROOT_LOGGER } from '../common/logger';
import { AuditDraft, type AuditSurface, type InferenceAuditRecord } from './audit-draft';

/** Rows are written together: every 500 ms, or as soon as 100 are waiting. */
export const AUDIT_FLUSH_MS = 500;
export const AUDIT_BATCH_ROWS = 100;
/** Past this many unwritten rows (the database is down), new ones are dropped and counted. */
const MAX_BUFFERED_ROWS = 20_000;

interface Pending {
  record: InferenceAuditRecord;
  attempts: number;
}

/**
 * Writes `inference_audit` off the request path: a request hands its row over and goes on; rows
 * are inserted in batches. A failed write never fails a request: it is logged and the batch is
 * tried once more with the next one. The prompt and output are kept only for organisations that
 * turn on `inference_content_logging`, read when each batch is written, so that turning it off
 * applies at once.
 */
@Injectable()
export class InferenceAuditWriter implements BeforeApplicationShutdown {
  private buffer: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;
  private dropped = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** A draft for a new request, whose row comes here when the request is over. */
  draft(surface: AuditSurface): AuditDraft {
    return new AuditDraft(surface, (record) => this.record(record));
  }

  record(record: InferenceAuditRecord): void {
    if (this.buffer.length >= MAX_BUFFERED_ROWS) {
      if (this.dropped++ % 1000 === 0)
        this.logger.error({ dropped: this.dropped }, 'inference audit rows dropped: writes fail');
      return;
    }
    this.buffer.push({ record, attempts: 0 });
    if (this.buffer.length >= AUDIT_BATCH_ROWS) void this.flush();
    else this.schedule();
  }

  /** Writes every row recorded so far (the periodic flush does the same). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing ??= this.writeAll().finally(() => {
      this.writing = undefined;
      if (this.buffer.length > 0) this.schedule();
    });
    return this.writing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
    // rows a failed write gave back get one more try before the process goes
    if (this.buffer.length > 0) await this.flush();
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => void this.flush(), AUDIT_FLUSH_MS);
    this.timer.unref();
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, AUDIT_BATCH_ROWS);
      try {
        await this.write(batch.map((p) => p.record));
      } catch (error) {
        const retry = batch.filter((p) => ++p.attempts < 2);
        this.logger.error(
          { err: error, rows: batch.length, retried: retry.length },
          'writing inference audit rows failed',
        );
        this.buffer.unshift(...retry);
        return;
      }
    }
  }

  private async write(records: InferenceAuditRecord[]): Promise<void> {
    const organizations = [...new Set(records.map((r) => r.organizationId))];
    const logging = new Set(
      (
        await this.dataSource.query<{ id: string }[]>(
          'SELECT id FROM organizations WHERE id = ANY($1) AND inference_content_logging',
          [organizations],
        )
      ).map((o) => o.id),
    );
    const rows = records.map((r) =>
      logging.has(r.organizationId) ? r : { ...r, prompt: null, output: null },
    );
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(InferenceAuditEntity)
      .values(rows)
      .updateEntity(false)
      .execute();
  }
}
