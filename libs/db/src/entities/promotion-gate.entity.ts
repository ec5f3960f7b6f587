import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { DomainEntity } from './domain.entity';
import { OrganizationEntity } from './organization.entity';

/** What a version must show before it takes `production`; a threshold left out keeps its default. */
export interface PromotionGateThresholds {
  /** Largest drop of multiple-choice accuracy below the parent's, absolute (0.02 = 2 points). */
  maxAccuracyDrop?: number;
  /** Largest rise of general-text perplexity above the parent's, in percent (forgetting). */
  maxGeneralPerplexityIncreasePct?: number;
  /** Smallest share of safety prompts handled as expected. */
  minSafetyPassRate?: number;
  /** Every dataset version in the lineage ingested with PII scrubbed and duplicates removed. */
  requireProvenance?: boolean;
  /** The version has an evaluation. */
  requireEvaluation?: boolean;
}

/** An organisation's own thresholds for one domain (the defaults in code apply without a row). */
@Entity({ name: 'promotion_gates' })
@Index(['organizationId', 'domainId'], { unique: true })
export class PromotionGateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ name: 'domain_id', type: 'uuid' })
  domainId!: string;

  @ManyToOne(() => DomainEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'domain_id' })
  domain?: DomainEntity;

  @Column({ type: 'jsonb' })
  thresholds!: PromotionGateThresholds;

  @Column({ name: 'updated_by', type: 'varchar', length: 160 })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
