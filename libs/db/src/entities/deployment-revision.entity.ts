import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { DeploymentEntity } from './deployment.entity';

/** One version's share of a deployment's traffic, in percent. */
export interface TrafficShare {
  versionId: string;
  weight: number;
}

export const DEPLOYMENT_REVISION_ACTIONS = ['create', 'split', 'promote', 'rollback'] as const;
export type DeploymentRevisionAction = (typeof DEPLOYMENT_REVISION_ACTIONS)[number];

/** A deployment's traffic split at one point in time. Revisions are kept forever, never edited. */
@Entity({ name: 'deployment_revisions' })
@Index(['deploymentId', 'revision'], { unique: true })
export class DeploymentRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @ManyToOne(() => DeploymentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deployment_id' })
  deployment?: DeploymentEntity;

  /** 1, 2, 3, ... within the deployment. */
  @Column({ type: 'integer' })
  revision!: number;

  /** Versions and their weights; the weights sum to 100. */
  @Column({ type: 'jsonb' })
  traffic!: TrafficShare[];

  /** The registry alias this revision points at a version (set by a promotion, carried after). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  alias!: string | null;

  @Column({ name: 'alias_version_id', type: 'uuid', nullable: true })
  aliasVersionId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  action!: DeploymentRevisionAction;

  /** For a rollback: the revision whose split it restored. */
  @Column({ name: 'restored_revision', type: 'integer', nullable: true })
  restoredRevision!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
