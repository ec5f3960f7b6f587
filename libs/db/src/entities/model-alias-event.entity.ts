import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/** The kept history of an alias: every move (and removal) in order. */
@Entity({ name: 'model_alias_events' })
@Index(['modelId', 'alias', 'seq'])
export class ModelAliasEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Order of the moves. Taken while the model row is locked, so it is the order they happened in. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  @Generated('increment')
  seq!: number;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @Column({ type: 'varchar', length: 64 })
  alias!: string;

  @Column({ name: 'from_version_id', type: 'uuid', nullable: true })
  fromVersionId!: string | null;

  /** Null when the alias was removed. */
  @Column({ name: 'to_version_id', type: 'uuid', nullable: true })
  toVersionId!: string | null;

  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  @CreateDateColumn({ name: 'moved_at', type: 'timestamptz', precision: 3 })
  movedAt!: Date;
}
