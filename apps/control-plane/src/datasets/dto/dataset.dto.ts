import { DATASET_KINDS, type DatasetKind } from '@alloy/contracts';
import { redactReport } from '@alloy/data';
import type { DatasetEntity, DatasetVersionEntity } from '@alloy/db';
import { DATASET_VERSION_STATUSES, type DatasetVersionStatus } from '@alloy/db';
import { redactFilesystemPaths } from '@alloy/runtime';
import { ApiProperty } from '@nestjs/swagger';
import { IngestionReportDto } from './ingestion-report.dto';

/** The newest version of a dataset, as a list row shows it. */
export class DatasetLatestVersionDto {
  @ApiProperty({ example: 2 }) version!: number;
  @ApiProperty({ enum: DATASET_VERSION_STATUSES }) status!: DatasetVersionStatus;
  @ApiProperty({ nullable: true, type: Number, description: 'null until ingestion has finished' })
  recordCount!: number | null;
}

export class DatasetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: DATASET_KINDS }) kind!: DatasetKind;
  @ApiProperty({ description: 'domain name' }) domain!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'number of the newest version' })
  latestVersion!: number | null;
  @ApiProperty({
    type: () => DatasetLatestVersionDto,
    nullable: true,
    description: 'the newest version with its status and record count; null before the first',
  })
  latest!: DatasetLatestVersionDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  /** Expects the `domain` relation loaded. */
  static from(e: DatasetEntity, latest: DatasetLatestVersionDto | null): DatasetDto {
    return {
      id: e.id,
      name: e.name,
      kind: e.kind,
      domain: e.domain?.name ?? '',
      description: e.description,
      latestVersion: latest?.version ?? null,
      latest,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
    };
  }
}

export class DatasetPageDto {
  @ApiProperty({ type: [DatasetDto] }) items!: DatasetDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class IngestionProgressDto {
  @ApiProperty() bytesRead!: number;
  @ApiProperty({ nullable: true, type: Number }) totalBytes!: number | null;
  @ApiProperty() recordsIn!: number;
  @ApiProperty() recordsOut!: number;
  @ApiProperty({ description: 'bytesRead / totalBytes, 0 to 1' }) fraction!: number;
}

export class DatasetVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() dataset!: string;
  @ApiProperty({ enum: DATASET_KINDS }) kind!: DatasetKind;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: DATASET_VERSION_STATUSES }) status!: DatasetVersionStatus;
  @ApiProperty({ description: 'sha256 of the file as uploaded' }) sourceSha256!: string;
  @ApiProperty() sourceBytes!: number;
  @ApiProperty({ enum: ['txt', 'jsonl', 'json'] }) sourceFormat!: string;
  @ApiProperty({ nullable: true, type: String, description: 'sha256 of the cleaned JSONL' })
  sha256!: string | null;
  @ApiProperty({ nullable: true, type: Number }) recordCount!: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "the cleaned JSONL's key on the artifact store (as artifactKey), never a file path or URL",
  })
  artifactUri!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'key of the cleaned JSONL' })
  artifactKey!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({
    description:
      'whether the raw upload is still on the artifact store: while ingestion is pending, then for DATASET_RAW_RETENTION_HOURS',
  })
  rawRetained!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'when the raw upload is deleted; null while ingestion is pending (it is kept for it) and once deleted',
  })
  rawRetainedUntil!: string | null;
  @ApiProperty({
    type: () => IngestionProgressDto,
    nullable: true,
    description: 'while uploaded or processing: how far ingestion has read',
  })
  progress!: IngestionProgressDto | null;
  @ApiProperty({
    nullable: true,
    type: () => IngestionReportDto,
    description: 'the ingestion report, once ingestion has finished',
  })
  report!: Record<string, unknown> | null;
  @ApiProperty() createdAt!: string;

  /** Expects the `dataset` relation loaded. */
  static from(e: DatasetVersionEntity, progress: IngestionProgressDto | null): DatasetVersionDto {
    return {
      id: e.id,
      dataset: e.dataset?.name ?? '',
      kind: e.dataset?.kind ?? 'corpus',
      version: e.version,
      status: e.status,
      sourceSha256: e.sourceSha256,
      sourceBytes: e.sourceBytes,
      sourceFormat: e.sourceFormat,
      sha256: e.sha256,
      recordCount: e.recordCount,
      artifactUri: e.artifactKey,
      artifactKey: e.artifactKey,
      error: e.error && redactFilesystemPaths(e.error),
      rawRetained: e.status === 'uploaded' || e.status === 'processing' || !!e.rawRetainedUntil,
      rawRetainedUntil: e.rawRetainedUntil?.toISOString() ?? null,
      progress,
      // Reports stored before their texts were scrubbed are scrubbed on the way out.
      report: e.report && redactReport(e.report),
      createdAt: e.createdAt.toISOString(),
    };
  }
}

export class DatasetVersionPageDto {
  @ApiProperty({ type: [DatasetVersionDto] }) items!: DatasetVersionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DatasetPreviewDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  records!: Record<string, unknown>[];
  @ApiProperty() offset!: number;
  @ApiProperty({ description: 'true when records follow the ones returned' }) more!: boolean;
}
