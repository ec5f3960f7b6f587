import type { DatasetRole, DatasetSplit, EvaluationDetails } from '@alloy/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { BaseModelEntity } from './base-model.entity';
import { JobEntity } from './job.entity';
import { ModelVersionEntity } from './model-version.entity';
import { OrganizationEntity } from './organization.entity';

/** A dataset an evaluation measured; two evaluations compare when their lists hold the same entries. */
export interface EvaluationDatasetRef {
  versionId: string;
  role: DatasetRole;
  split: DatasetSplit;
}

/**
 * What one evaluate job measured, of a model version or (when the job started from no version)
 * of the model's base model. Written in the transaction that completes the job; never changed.
 */
@Entity({ name: 'evaluations' })
@Index(['modelVersionId', 'createdAt'])
@Index(['baseModelId', 'createdAt'])
export class EvaluationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ name: 'job_id', type: 'uuid', unique: true })
  jobId!: string;

  @ManyToOne(() => JobEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'job_id' })
  job?: JobEntity;

  @Column({ name: 'model_version_id', type: 'uuid', nullable: true })
  modelVersionId!: string | null;

  @ManyToOne(() => ModelVersionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion?: ModelVersionEntity | null;

  /** Set when the job evaluated a base model (it started from no version). */
  @Column({ name: 'base_model_id', type: 'uuid', nullable: true })
  baseModelId!: string | null;

  @ManyToOne(() => BaseModelEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'base_model_id' })
  baseModel?: BaseModelEntity | null;

  @Column({ type: 'jsonb' })
  datasets!: EvaluationDatasetRef[];

  /** domainPerplexity, generalPerplexity, mcAccuracy, safetyPassRate, ... (numbers only). */
  @Column({ type: 'jsonb' })
  metrics!: Record<string, number>;

  /** The completed event's `manifest.evaluation`: safety cases, samples, datasets measured. */
  @Column({ type: 'jsonb', default: {} })
  details!: EvaluationDetails;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
