import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { OrganizationEntity } from './organization.entity';

/**
 * A credential for programs: a partner's API key (`ak`), a worker join token (`wj`) or a worker's
 * own credential (`wk`). The token is `alloy_<kind>_<id>_<secret>`; only the secret's hash is kept.
 */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: string;

  @Index()
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  /** The role the key acts with (never above its creator's); null for worker credentials. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  role!: string | null;

  /** What the key may do within its role (`read`, `write`, `inference`); null: all of it. */
  @Column({ type: 'jsonb', nullable: true })
  scopes!: string[] | null;

  /** Inference only on these deployments (names); null: any of the organisation's. */
  @Column({ type: 'jsonb', nullable: true })
  deployments!: string[] | null;

  /** The worker a `wk` credential belongs to. */
  @Column({ name: 'worker_id', type: 'varchar', length: 64, nullable: true })
  workerId!: string | null;

  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 160 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
