import type { ModelVersionStatus } from '@alloy/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ArtifactFile } from './artifact-file';
import { DatasetVersionEntity } from './dataset-version.entity';
import { ModelEntity } from './model.entity';

/**
 * One trained (or imported) version of a model. `parentVersionId` records lineage: the version
 * it was trained from; versions trained straight from the base model have none.
 */
@Entity({ name: 'model_versions' })
@Index(['modelId', 'version'], { unique: true })
export class ModelVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @ManyToOne(() => ModelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'model_id' })
  model?: ModelEntity;

  /** 1, 2, 3, ... within the model. */
  @Column({ type: 'integer' })
  version!: number;

  @Index()
  @Column({ name: 'parent_version_id', type: 'uuid', nullable: true })
  parentVersionId!: string | null;

  @ManyToOne(() => ModelVersionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_version_id' })
  parentVersion?: ModelVersionEntity | null;

  /** The training job that produced it, when Alloy trained it. */
  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId!: string | null;

  @ManyToMany(() => DatasetVersionEntity)
  @JoinTable({
    name: 'model_version_datasets',
    joinColumn: { name: 'model_version_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'dataset_version_id', referencedColumnName: 'id' },
  })
  datasetVersions?: DatasetVersionEntity[];

  /** The artifact's store key, as artifactKey (rows before held a file URL; never shown). */
  @Column({ name: 'artifact_uri', type: 'text' })
  artifactUri!: string;

  /** Key of the artifact directory on the artifact store (what workers and servers fetch). */
  @Column({ name: 'artifact_key', type: 'text', default: '' })
  artifactKey!: string;

  @Column({ type: 'jsonb' })
  files!: ArtifactFile[];

  @Index()
  @Column({ type: 'varchar', length: 16, default: 'registered' })
  status!: ModelVersionStatus;

  @Column({ type: 'jsonb', default: {} })
  metrics!: Record<string, number>;

  @Column({ type: 'jsonb', default: {} })
  hyperparameters!: Record<string, unknown>;

  @Column({ type: 'text', default: '' })
  description!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
