import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { type ArtifactStore, type StoredFile } from '@alloy/artifact-store';
import {
  type DatasetFormat,
  IngestionError,
  IngestionErrorCode,
  type IngestionProgress,
  type IngestionReport,
  type RunIngestionParams,
  type TextTokenizer,
  loadHfTokenizer,
  runIngestion,
} from '@alloy/data';
import { BaseModelEntity, DatasetVersionEntity } from '@alloy/db';
import { redactFilesystemPaths } from '@alloy/runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { DataSource, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { datasetKeys, type IngestionRequest } from './dataset-keys';
import { RawUploadRetention } from './raw-upload-retention';
import { DATASET_RECORD_CLEANERS, type DatasetRecordCleaners } from './record-cleaners';

const SYSTEM: RequestContext = { actor: 'system:ingestion', requestId: null, organizationId: null };
const PENDING = ['uploaded', 'processing'] as const;

/** Runs one queued ingestion: raw upload in, cleaned JSONL and report out, version row updated. */
@Injectable()
export class IngestionProcessor {
  private readonly logger = new Logger(IngestionProcessor.name);
  private readonly running = new Set<AbortController>();
  private shuttingDown = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(DATASET_RECORD_CLEANERS) private readonly cleaners: DatasetRecordCleaners,
    private readonly retention: RawUploadRetention,
  ) {}

  /** Versions waiting for ingestion (a crash or a lost Redis may have dropped their job). */
  async pendingVersionIds(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(DatasetVersionEntity)
      .find({ select: { id: true }, where: { status: In([...PENDING]) } });
    return rows.map((r) => r.id);
  }

  /** Stops the running ingestions; their jobs go back to the queue without using an attempt. */
  abortAll(): void {
    this.shuttingDown = true;
    for (const controller of this.running) controller.abort();
  }

  async process(job: Job<{ versionId: string }>, token?: string): Promise<void> {
    const row = await this.dataSource.getRepository(DatasetVersionEntity).findOne({
      where: { id: job.data.versionId },
      relations: { dataset: { domain: true } },
    });
    // Done already (a retried job whose result was saved), or not of this database.
    if (!row?.dataset || !(PENDING as readonly string[]).includes(row.status)) return;
    const dataset = row.dataset;
    await this.dataSource
      .getRepository(DatasetVersionEntity)
      .update({ id: row.id, status: In([...PENDING]) }, { status: 'processing' });

    const controller = new AbortController();
    this.running.add(controller);
    const outputKey = datasetKeys.output(dataset.name, row.version);
    try {
      const request = JSON.parse(
        (await this.store.readFile(datasetKeys.request(dataset.name, row.id))).toString('utf8'),
      ) as IngestionRequest;
      const tokenizer = request.baseModel
        ? await this.loadTokenizer(dataset.organizationId, request.baseModel)
        : undefined;
      let lastProgress = 0;
      const onProgress = (p: IngestionProgress) => {
        const now = Date.now();
        if (!p.done && now - lastProgress < 250) return;
        lastProgress = now;
        job.updateProgress({ ...p, totalBytes: row.sourceBytes }).catch(() => undefined);
      };
      // Before the source is opened: a stream that fails while nothing listens yet would crash.
      const cleaners = await this.cleaners.cleanersFor({
        organizationId: dataset.organizationId,
        domain: dataset.domain?.name,
      });
      const { report, file } = await this.ingest(outputKey, {
        input: this.store.openRead(datasetKeys.source(dataset.name, row.id)),
        fileName: request.fileName ?? undefined,
        format: row.sourceFormat as DatasetFormat,
        kind: dataset.kind,
        options: { domain: dataset.domain?.name, signal: controller.signal },
        cleaners,
        tokenizer,
        onProgress,
      });
      if (report.recordsOut === 0) {
        await this.store.remove(outputKey);
        await this.finish(row.id, {
          status: 'failed',
          report: report as unknown as Record<string, unknown>,
          error: `no record survived cleaning (${summariseRejections(report)})`,
        });
        return;
      }
      await this.finish(row.id, {
        status: 'ready',
        sha256: file.sha256,
        recordCount: report.recordsOut,
        artifactKey: outputKey,
        artifactUri: outputKey,
        report: report as unknown as Record<string, unknown>,
        error: null,
      });
    } catch (error) {
      if (this.shuttingDown && controller.signal.aborted) {
        // Back to the queue for the next process to pick up; no attempt used.
        await job.moveToDelayed(Date.now() + 1_000, token);
        throw new DelayedError();
      }
      if (error instanceof IngestionError) {
        await this.finish(row.id, { status: 'failed', error: error.message });
        throw new UnrecoverableError(error.message);
      }
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(`ingestion of ${row.id} failed: ${String(error)}`);
      if (lastAttempt) {
        await this.finish(row.id, {
          status: 'failed',
          error: redactFilesystemPaths(`ingestion failed: ${String(error)}`),
        });
      }
      throw error;
    } finally {
      this.running.delete(controller);
    }
  }

  /** Runs the pipeline with its output streamed into the store (written there atomically). */
  private async ingest(
    outputKey: string,
    params: Omit<RunIngestionParams, 'output'>,
  ): Promise<{ report: IngestionReport; file: StoredFile }> {
    const output = new PassThrough();
    output.on('error', () => undefined);
    const stored = this.store.write(outputKey, output);
    stored.catch((error: unknown) => output.destroy(error as Error));
    try {
      const report = await runIngestion({ ...params, output });
      output.end();
      return { report, file: await stored };
    } catch (error) {
      output.destroy(error as Error);
      await stored.catch(() => undefined);
      throw error;
    }
  }

  /** The base model's tokenizer, copied from the store to a temp directory to load it. */
  private async loadTokenizer(organizationId: string, baseModel: string): Promise<TextTokenizer> {
    const base = await this.dataSource
      .getRepository(BaseModelEntity)
      .findOneBy({ organizationId, name: baseModel });
    if (!base) {
      throw new IngestionError(
        IngestionErrorCode.INVALID_OPTIONS,
        `base model "${baseModel}" no longer exists`,
      );
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'alloy-tokenizer-'));
    try {
      for (const name of ['tokenizer.json', 'tokenizer_config.json']) {
        const key = `${base.artifactKey}/${name}`;
        if (await this.store.exists(key)) {
          await writeFile(path.join(dir, name), await this.store.readFile(key));
        }
      }
      const tokenizer = await loadHfTokenizer(dir);
      return { name: `hf:${baseModel}`, encode: (text) => tokenizer.encode(text) };
    } catch (error) {
      if (error instanceof IngestionError) throw error;
      throw new IngestionError(
        IngestionErrorCode.INVALID_OPTIONS,
        `the tokenizer of base model "${baseModel}" cannot be loaded: ${(error as Error).message}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Saves the outcome once; a version already finished by another attempt is left alone. Only
   * then may its raw upload go: nothing retries a finished ingestion, while every attempt
   * before needs the upload. It goes now unless DATASET_RAW_RETENTION_HOURS keeps it longer.
   */
  private async finish(id: string, changes: Partial<DatasetVersionEntity>): Promise<void> {
    const rawRetainedUntil = this.retention.retainedUntil(new Date());
    const finished = await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .getRepository(DatasetVersionEntity)
        .update({ id, status: In([...PENDING]) }, {
          ...changes,
          rawRetainedUntil,
        } as QueryDeepPartialEntity<DatasetVersionEntity>);
      if (!result.affected) return false;
      const [owner] = await manager.query<{ org: string }[]>(
        `SELECT d.organization_id AS org FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = $1`,
        [id],
      );
      await this.audit.record(
        manager,
        { ...SYSTEM, organizationId: owner?.org ?? null },
        {
          action: `dataset_version.${changes.status === 'ready' ? 'ready' : 'fail'}`,
          entityType: 'dataset_version',
          entityId: id,
          after: {
            status: changes.status,
            sha256: changes.sha256 ?? null,
            recordCount: changes.recordCount ?? null,
            error: changes.error ?? null,
          },
        },
      );
      return true;
    });
    if (finished && rawRetainedUntil.getTime() <= Date.now()) {
      await this.retention.purge(id).catch((error: unknown) => {
        this.logger.warn(`raw upload of ${id} is left to the retention sweep: ${String(error)}`);
      });
    }
  }
}

function summariseRejections(report: IngestionReport): string {
  const reasons = Object.entries(report.rejected.byReason)
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, 3)
    .map(([reason, stats]) => {
      const line = stats.examples[0]?.line;
      return `${stats.count} ${reason}${line === undefined ? '' : ` (first at line ${line})`}`;
    });
  const dups = report.duplicates.exact.count + report.duplicates.near.count;
  if (dups > 0) reasons.push(`${dups} duplicates`);
  return reasons.join(', ') || 'nothing read';
}
