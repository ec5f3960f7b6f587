import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ModelVersionEntity } from './model-version.entity';

/** A gate check as it failed when an admin overrode it. */
export interface OverriddenCheck {
  field: string;
  message: string;
  value: number | null;
  threshold: number | boolean | null;
}

/** An admin moved an alias to a version its promotion gate refused, with a reason. Kept forever. */
@Entity({ name: 'gate_overrides' })
@Index(['modelVersionId', 'createdAt'])
export class GateOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'model_version_id', type: 'uuid' })
  modelVersionId!: string;

  @ManyToOne(() => ModelVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'model_version_id' })
  modelVersion?: ModelVersionEntity;

  @Column({ type: 'varchar', length: 64 })
  alias!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'varchar', length: 160 })
  actor!: string;

  /** The checks that failed and were overridden. */
  @Column({ type: 'jsonb' })
  checks!: OverriddenCheck[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
