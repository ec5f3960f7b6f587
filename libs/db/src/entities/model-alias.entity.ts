import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ModelVersionEntity } from './model-version.entity';
import { ModelEntity } from './model.entity';

/**
 * A movable name (`production`, `staging`) pointing at one version of a model. The unique index
 * is what guarantees that an alias never points at two versions at once.
 */
@Entity({ name: 'model_aliases' })
@Index(['modelId', 'name'], { unique: true })
export class ModelAliasEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @ManyToOne(() => ModelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_id' })
  model?: ModelEntity;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Index()
  @Column({ name: 'version_id', type: 'uuid' })
  versionId!: string;

  @ManyToOne(() => ModelVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version_id' })
  version?: ModelVersionEntity;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
