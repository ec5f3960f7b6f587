import type {
  DatasetRole,
  DatasetSplit,
  JobKind,
  JobResources,
  Precision,
  TrainingMethod,
} from '@alloy/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ModelEntity } from './model.entity';

export const JOB_STATUSES = [
  'queued',
  'scheduled',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface JobDatasetRef {
  versionId: string;
  role: DatasetRole;
  /** Corpus eval data: held-out documents only, or all (the spec's default when absent). */
  split?: DatasetSplit;
}

/** A training (or evaluation/export) job. PostgreSQL is its source of truth; Redis only carries it. */
@Entity({ name: 'jobs' })
@Index(['status', 'createdAt'])
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  /** The model whose new version this job produces. */
  @Index()
  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @ManyToOne(() => ModelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'model_id' })
  model?: ModelEntity;

  @Column({ type: 'varchar', length: 32 })
  kind!: JobKind;

  @Column({ type: 'varchar', length: 16 })
  method!: TrainingMethod;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: JobStatus;

  /** The version training starts from; null when it starts from the model's base model. */
  @Column({ name: 'base_version_id', type: 'uuid', nullable: true })
  baseVersionId!: string | null;

  /** Dataset versions with the role each plays (train, replay, eval, mc_eval). */
  @Column({ type: 'jsonb' })
  datasets!: JobDatasetRef[];

  @Column({ type: 'jsonb' })
  hyperparameters!: Record<string, unknown>;

  @Column({ type: 'jsonb', default: {} })
  resources!: JobResources;

  @Column({ type: 'varchar', length: 8 })
  precision!: Precision;

  @Column({ type: 'jsonb', default: {} })
  parallelism!: Record<string, unknown>;

  /** The spec as last sent to a worker. */
  @Column({ type: 'jsonb', nullable: true })
  spec!: Record<string, unknown> | null;

  @Index()
  @Column({ name: 'worker_id', type: 'varchar', length: 64, nullable: true })
  workerId!: string | null;

  /** Attempts started so far. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'max_attempts', type: 'integer', default: 3 })
  maxAttempts!: number;

  @Index()
  @Column({ name: 'pipeline_id', type: 'uuid', nullable: true })
  pipelineId!: string | null;

  /** Pipeline step this job waits for; it starts from that job's resulting version. */
  @Index()
  @Column({ name: 'depends_on_job_id', type: 'uuid', nullable: true })
  dependsOnJobId!: string | null;

  /** Why no registered worker can hold this job, while that is so. */
  @Column({ name: 'unschedulable_reason', type: 'text', nullable: true })
  unschedulableReason!: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ name: 'result_version_id', type: 'uuid', nullable: true })
  resultVersionId!: string | null;

  @Column({ name: 'last_checkpoint_step', type: 'integer', nullable: true })
  lastCheckpointStep!: number | null;

  @Column({ name: 'cancel_requested_at', type: 'timestamptz', precision: 3, nullable: true })
  cancelRequestedAt!: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
