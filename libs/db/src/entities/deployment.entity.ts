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
import { OrganizationEntity } from './organization.entity';

/**
 * Postgres NOTIFY channel on which a committed deployment change is announced (payload: the
 * deployment's name), so that model servers apply it at once instead of at their next poll.
 */
export const DEPLOYMENTS_CHANNEL = 'alloy_deployments';

/**
 * A served model: which of its versions take traffic, and in what shares. The shares live in
 * revisions that are never changed or deleted; `currentRevision` says which one is in force, so a
 * rollback is a new revision that copies an older one.
 */
@Entity({ name: 'deployments' })
@Index(['organizationId', 'name'], { unique: true })
export class DeploymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Index()
  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @ManyToOne(() => ModelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'model_id' })
  model?: ModelEntity;

  /** Number of the revision in force (1, 2, 3, ...). */
  @Column({ name: 'current_revision', type: 'integer' })
  currentRevision!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
