import type { ArtifactStore } from '@alloy/artifact-store';
import { DatasetVersionEntity } from '@alloy/db';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicSweep } from '../common/periodic-sweep';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { datasetKeys } from './dataset-keys';

/** Retention is counted in hours: a sweep every few minutes deletes close enough to the time. */
export const RAW_SWEEP_INTERVAL_MS = 5 * 60_000;
const SWEEP_BATCH = 100;

/**
 * Raw uploads (the file as sent, which may hold the personal data ingestion removes) are kept
 * only while ingestion needs them, retries included, and then for DATASET_RAW_RETENTION_HOURS.
 * A finished version records until when (`rawRetainedUntil`); once that has passed, its upload
 * is deleted from the store and the record cleared. Deleting first and clearing after means a
 * crash in between only leaves the deletion to be done again.
 */
@Injectable()
export class RawUploadRetention extends PeriodicSweep {
  protected readonly logger = new Logger(RawUploadRetention.name);
  protected readonly intervalMs = RAW_SWEEP_INTERVAL_MS;
  protected readonly what = 'raw upload';

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** Until when the raw upload of a version whose ingestion finishes at `finishedAt` is kept. */
  retainedUntil(finishedAt: Date): Date {
    return new Date(finishedAt.getTime() + this.config.datasets.rawRetentionMs);
  }

  /** Deletes the raw upload of one finished version if its time has come; true when it did. */
  async purge(versionId: string, now = new Date()): Promise<boolean> {
    const row = await this.dataSource.getRepository(DatasetVersionEntity).findOne({
      where: { id: versionId, rawRetainedUntil: LessThanOrEqual(now) },
      relations: { dataset: true },
    });
    return row ? this.delete(row, now) : false;
  }

  protected async sweepAll(now: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const rows = await this.dataSource.getRepository(DatasetVersionEntity).find({
        where: { rawRetainedUntil: LessThanOrEqual(now) },
        relations: { dataset: true },
        order: { rawRetainedUntil: 'ASC' },
        take: SWEEP_BATCH,
      });
      let progress = 0;
      for (const row of rows) {
        try {
          if (await this.delete(row, now)) progress++;
        } catch (error) {
          // Left for the next sweep; the others go on.
          this.logger.warn(`raw upload of dataset version ${row.id}: ${String(error)}`);
        }
      }
      deleted += progress;
      // A full batch that deleted nothing would come back unchanged.
      if (rows.length < SWEEP_BATCH || progress === 0) return deleted;
    }
  }

  private async delete(row: DatasetVersionEntity, now: Date): Promise<boolean> {
    if (!row.dataset) return false;
    await this.store.remove(datasetKeys.upload(row.dataset.name, row.id));
    const result = await this.dataSource
      .getRepository(DatasetVersionEntity)
      .update({ id: row.id, rawRetainedUntil: LessThanOrEqual(now) }, { rawRetainedUntil: null });
    return (result.affected ?? 0) > 0;
  }
}
