import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { ArtifactFile } from './artifact-file';
import { OrganizationEntity } from './organization.entity';
import { bigintAsNumber } from './column-transformers';

export interface TokenizerInfo {
  /** Tokenizer model type from tokenizer.json (BPE, Unigram, ...), when present. */
  type: string | null;
  vocabSize: number | null;
  hasChatTemplate: boolean;
  files: string[];
}

/** An open base model registered from a Hugging Face model directory on the artifact store. */
@Entity({ name: 'base_models' })
@Index(['organizationId', 'name'], { unique: true })
export class BaseModelEntity {
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

  @Column({ type: 'varchar', length: 128 })
  architecture!: string;

  @Column({ name: 'model_type', type: 'varchar', length: 64 })
  modelType!: string;

  @Column({
    name: 'parameter_count',
    type: 'bigint',
    transformer: bigintAsNumber,
  })
  parameterCount!: number;

  @Column({ name: 'context_length', type: 'integer' })
  contextLength!: number;

  @Column({ type: 'jsonb' })
  tokenizer!: TokenizerInfo;

  /** The artifact's store key, as artifactKey (rows before held a file URL; never shown). */
  @Column({ name: 'artifact_uri', type: 'text' })
  artifactUri!: string;

  /** Key of the artifact directory on the artifact store (what workers and servers fetch). */
  @Column({ name: 'artifact_key', type: 'text', default: '' })
  artifactKey!: string;

  @Column({ type: 'jsonb' })
  files!: ArtifactFile[];

  @Column({ type: 'jsonb' })
  config!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
