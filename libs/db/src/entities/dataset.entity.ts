import type { DatasetKind } from '@alloy/contracts';
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
import { DomainEntity } from './domain.entity';
import { OrganizationEntity } from './organization.entity';

/** A named collection of domain text, instructions or evaluation questions; versions hold the data. */
@Entity({ name: 'datasets' })
@Index(['organizationId', 'name'], { unique: true })
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: DatasetKind;

  @Index()
  @Column({ name: 'domain_id', type: 'uuid' })
  domainId!: string;

  @ManyToOne(() => DomainEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'domain_id' })
  domain?: DomainEntity;

  @Column({ type: 'text', default: '' })
  description!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
