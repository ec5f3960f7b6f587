import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { DatasetEntity } from './dataset.entity';
import { bigintAsNumber } from './column-transformers';

export const DATASET_VERSION_STATUSES = ['uploaded', 'processing', 'ready', 'failed'] as const;
export type DatasetVersionStatus = (typeof DATASET_VERSION_STATUSES)[number];

/** An immutable upload of a dataset, with the cleaned JSONL and its ingestion report. */
@Entity({ name: 'dataset_versions' })
@Index(['datasetId', 'version'], { unique: true })
export class DatasetVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId!: string;

  @ManyToOne(() => DatasetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'dataset_id' })
  dataset?: DatasetEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 16, default: 'uploaded' })
  status!: DatasetVersionStatus;

  /** sha256 of the uploaded file as received. */
  @Column({ name: 'source_sha256', type: 'char', length: 64 })
  sourceSha256!: string;

  @Column({
    name: 'source_bytes',
    type: 'bigint',
    transformer: bigintAsNumber,
  })
  sourceBytes!: number;

  @Column({ name: 'source_format', type: 'varchar', length: 32 })
  sourceFormat!: string;

  /** sha256 of the cleaned JSONL the trainer reads; null until ingestion finishes. */
  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ name: 'record_count', type: 'integer', nullable: true })
  recordCount!: number | null;

  /** The artifact's store key, as artifactKey (rows before held a file URL; never shown). */
  @Column({ name: 'artifact_uri', type: 'text', nullable: true })
  artifactUri!: string | null;

  /** Key of the cleaned JSONL on the artifact store. */
  @Column({ name: 'artifact_key', type: 'text', nullable: true })
  artifactKey!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  report!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /**
   * Until when the raw upload is kept once ingestion has finished (DATASET_RAW_RETENTION_HOURS);
   * the retention sweep deletes it then and clears this. Null while ingestion is pending (the
   * upload is kept for it) and once the upload is deleted.
   */
  @Column({ name: 'raw_retained_until', type: 'timestamptz', precision: 3, nullable: true })
  rawRetainedUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
