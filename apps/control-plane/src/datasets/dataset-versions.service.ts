import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ArtifactStore } from '@alloy/artifact-store';
import { redactReport } from '@alloy/data';
import { DatasetVersionEntity } from '@alloy/db';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { AuditService } from '../audit/audit.service';
import { BaseModelsService } from '../base-models/base-models.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { paginate } from '../common/pagination/cursor-page';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OrganizationsService } from '../organizations/organizations.service';
import { datasetKeys, type IngestionRequest } from './dataset-keys';
import { DatasetsService } from './datasets.service';
import { DatasetErrorCode } from './datasets.errors';
import {
  type DatasetPreviewDto,
  DatasetVersionDto,
  type DatasetVersionPageDto,
  type IngestionProgressDto,
} from './dto/dataset.dto';
import type { ListDatasetVersionsQuery } from './dto/list-datasets.query';
import type { PreviewQuery, UploadDatasetVersionQuery } from './dto/upload-dataset-version.query';
import { IngestionQueue } from './ingestion.queue';
import { receiveUpload } from './upload-receiver';
import { isUuid } from '../common/http/ids';

export type VersionRef = { id: string } | { name: string; version: number };

/** The body of an upload request: its headers and the stream, never a buffer. */
export interface UploadBody {
  headers: Record<string, string | string[] | undefined>;
  stream: Readable;
}

@Injectable()
export class DatasetVersionsService {
  private readonly logger = new Logger(DatasetVersionsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationsService,
    private readonly datasets: DatasetsService,
    private readonly baseModels: BaseModelsService,
    private readonly queue: IngestionQueue,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * What the organisation may still upload (`DATASET_ORG_QUOTA` less what its versions received);
   * 413 once nothing is left. Two uploads at once may pass it by at most one upload's size.
   */
  private async quotaLeft(organizationId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ used: string }[]>(
      `SELECT COALESCE(SUM(v.source_bytes), 0) AS used FROM dataset_versions v
       JOIN datasets d ON d.id = v.dataset_id WHERE d.organization_id = $1`,
      [organizationId],
    );
    const left = this.config.datasets.orgQuotaBytes - Number(row?.used ?? 0);
    if (left <= 0)
      throw new ApiError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        DatasetErrorCode.ORGANIZATION_QUOTA_EXCEEDED,
        `the organisation's uploads have reached their quota of ${this.config.datasets.orgQuotaBytes} bytes (DATASET_ORG_QUOTA)`,
        { quota: this.config.datasets.orgQuotaBytes },
      );
    return left;
  }

  /**
   * Streams an upload to the store, then records it as the next version and queues its
   * ingestion. A refused upload leaves no row and no file.
   */
  async upload(
    ctx: RequestContext,
    name: string,
    body: UploadBody,
    query: UploadDatasetVersionQuery,
  ): Promise<DatasetVersionDto> {
    const dataset = await this.datasets.findEntity(name);
    if (query.baseModel) {
      const base = await this.baseModels.findEntity(query.baseModel);
      if (!(await this.store.exists(`${base.artifactKey}/tokenizer.json`))) {
        throw ApiError.badRequest(
          DatasetErrorCode.TOKENIZER_NOT_FOUND,
          `baseModel: "${query.baseModel}" has no tokenizer.json`,
          [{ field: 'baseModel', message: 'has no tokenizer.json' }],
        );
      }
    }
    const id = randomUUID();
    const uploadKey = datasetKeys.upload(dataset.name, id);
    const quotaLeft = await this.quotaLeft(dataset.organizationId);
    try {
      const received = await receiveUpload(this.store, datasetKeys.source(dataset.name, id), {
        headers: body.headers,
        body: body.stream,
        limitBytes: Math.min(this.config.datasets.uploadLimitBytes, quotaLeft),
        format: query.format,
        fileName: query.fileName,
      });
      if (received.detected.kind !== dataset.kind) {
        throw new ApiError(
          HttpStatus.BAD_REQUEST,
          DatasetErrorCode.WRONG_DATASET_KIND,
          `dataset "${dataset.name}" holds ${dataset.kind} records but the file holds ${received.detected.kind} records (${received.detected.shape} shape)`,
          { expected: dataset.kind, found: received.detected.kind },
        );
      }
      const request: IngestionRequest = {
        fileName: received.fileName,
        baseModel: query.baseModel ?? null,
      };
      await this.store.write(
        datasetKeys.request(dataset.name, id),
        Readable.from([Buffer.from(JSON.stringify(request))]),
      );
      const saved = await this.dataSource.transaction(async (manager) => {
        await this.datasets.lockForUpdate(manager, dataset.id);
        const { max } = (await manager
          .createQueryBuilder(DatasetVersionEntity, 'v')
          .select('COALESCE(MAX(v.version), 0)', 'max')
          .where('v.dataset_id = :id', { id: dataset.id })
          .getRawOne<{ max: number }>()) ?? { max: 0 };
        const row = await manager.save(
          manager.create(DatasetVersionEntity, {
            id,
            datasetId: dataset.id,
            version: Number(max) + 1,
            status: 'uploaded',
            sourceSha256: received.sha256,
            sourceBytes: received.bytes,
            sourceFormat: received.detected.format,
            sha256: null,
            recordCount: null,
            artifactUri: null,
            artifactKey: null,
            report: null,
            error: null,
          }),
        );
        await this.audit.record(manager, ctx, {
          action: 'dataset_version.upload',
          entityType: 'dataset_version',
          entityId: row.id,
          after: { ...row, fileName: received.fileName, baseModel: request.baseModel },
        });
        return row;
      });
      saved.dataset = dataset;
      // A version whose job could not be queued now is queued by the recovery sweep.
      await this.queue.enqueue(saved.id).catch((error: unknown) => {
        this.logger.warn(`could not queue ingestion of ${saved.id}: ${String(error)}`);
      });
      return DatasetVersionDto.from(saved, null);
    } catch (error) {
      await this.store.remove(uploadKey).catch(() => undefined);
      throw error;
    }
  }

  async list(name: string, query: ListDatasetVersionsQuery): Promise<DatasetVersionPageDto> {
    const dataset = await this.datasets.findEntity(name);
    const qb = this.dataSource
      .getRepository(DatasetVersionEntity)
      .createQueryBuilder('v')
      .where('v.dataset_id = :id', { id: dataset.id });
    const page = await paginate(qb, query, {
      version: { sql: 'v.version', value: (v) => v.version },
      createdAt: { sql: 'v.created_at', value: (v) => v.createdAt.toISOString() },
    });
    // Lists leave reports out (they can be large): GET the version for it.
    const items = page.items.map((v) =>
      DatasetVersionDto.from({ ...v, dataset, report: null }, null),
    );
    return { items, nextCursor: page.nextCursor };
  }

  async findByNumber(
    name: string,
    version: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DatasetVersionEntity> {
    const dataset = await this.datasets.findEntity(name, manager);
    const row = await manager.findOne(DatasetVersionEntity, {
      where: { datasetId: dataset.id, version },
    });
    if (!row) {
      throw ApiError.notFound(
        'dataset version',
        `${name}@${version}`,
        DatasetErrorCode.DATASET_VERSION_NOT_FOUND,
      );
    }
    row.dataset = dataset;
    return row;
  }

  async findById(id: string): Promise<DatasetVersionEntity> {
    const row = isUuid(id)
      ? await this.dataSource.getRepository(DatasetVersionEntity).findOne({
          where: { id },
          relations: { dataset: { domain: true } },
        })
      : null;
    if (!row || row.dataset?.organizationId !== (await this.organizations.currentId())) {
      throw ApiError.notFound('dataset version', id, DatasetErrorCode.DATASET_VERSION_NOT_FOUND);
    }
    return row;
  }

  /** A version named by dataset and number, or by id. */
  private find(ref: VersionRef): Promise<DatasetVersionEntity> {
    return 'id' in ref ? this.findById(ref.id) : this.findByNumber(ref.name, ref.version);
  }

  async get(ref: VersionRef): Promise<DatasetVersionDto> {
    return this.toDto(await this.find(ref));
  }

  async getReport(ref: VersionRef): Promise<Record<string, unknown>> {
    return this.report(await this.find(ref));
  }

  async getPreview(ref: VersionRef, query: PreviewQuery): Promise<DatasetPreviewDto> {
    return this.preview(await this.find(ref), query);
  }

  async toDto(row: DatasetVersionEntity): Promise<DatasetVersionDto> {
    let progress: IngestionProgressDto | null = null;
    if (row.status === 'uploaded' || row.status === 'processing') {
      const p = await this.queue.progress(row.id);
      const totalBytes = p?.totalBytes ?? row.sourceBytes;
      progress = {
        bytesRead: p?.bytesRead ?? 0,
        totalBytes,
        recordsIn: p?.recordsIn ?? 0,
        recordsOut: p?.recordsOut ?? 0,
        fraction: totalBytes > 0 ? Math.min(1, (p?.bytesRead ?? 0) / totalBytes) : 0,
      };
    }
    return DatasetVersionDto.from(row, progress);
  }

  report(row: DatasetVersionEntity): Record<string, unknown> {
    if (!row.report) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        DatasetErrorCode.DATASET_VERSION_NOT_READY,
        `version ${row.version} of "${row.dataset?.name ?? ''}" has no report yet (status ${row.status})`,
        { status: row.status, error: row.error },
      );
    }
    return redactReport(row.report);
  }

  /** One page of the cleaned records, read from the start of the file only as far as needed. */
  async preview(row: DatasetVersionEntity, query: PreviewQuery): Promise<DatasetPreviewDto> {
    if (row.status !== 'ready' || !row.artifactKey) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        DatasetErrorCode.DATASET_VERSION_NOT_READY,
        `version ${row.version} of "${row.dataset?.name ?? ''}" is ${row.status}; a preview needs a ready version`,
        { status: row.status, error: row.error },
      );
    }
    const stream = this.store.openRead(row.artifactKey);
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    const records: Record<string, unknown>[] = [];
    let index = 0;
    let more = false;
    try {
      for await (const line of lines) {
        if (line === '') continue;
        if (index >= query.offset + query.limit) {
          more = true;
          break;
        }
        if (index >= query.offset) records.push(JSON.parse(line) as Record<string, unknown>);
        index++;
      }
    } finally {
      lines.close();
      stream.destroy();
    }
    return { records, offset: query.offset, more };
  }
}
