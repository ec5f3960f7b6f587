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
import { BaseModelEntity } from './base-model.entity';
import { DomainEntity } from './domain.entity';
import { OrganizationEntity } from './organization.entity';

/** A named domain model (e.g. `fin-advisor`) in one domain, built on one base model. */
@Entity({ name: 'models' })
@Index(['organizationId', 'name'], { unique: true })
export class ModelEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Index()
  @Column({ name: 'domain_id', type: 'uuid' })
  domainId!: string;

  @ManyToOne(() => DomainEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'domain_id' })
  domain?: DomainEntity;

  @Index()
  @Column({ name: 'base_model_id', type: 'uuid' })
  baseModelId!: string;

  @ManyToOne(() => BaseModelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'base_model_id' })
  baseModel?: BaseModelEntity;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
