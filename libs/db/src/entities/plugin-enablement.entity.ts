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
import { OrganizationEntity } from './organization.entity';
import { PluginVersionEntity } from './plugin-version.entity';

/**
 * Where an organisation runs a plugin, at which version and with which configuration: for all of
 * its work, for one domain, or for one model. `scope` is `organization`, `domain:<name>` or
 * `model:<name>`; a plugin has at most one enablement per scope, and the most specific one that
 * matches a request is the one that runs.
 */
@Entity({ name: 'plugin_enablements' })
@Index(['organizationId', 'pluginId', 'scope'], { unique: true })
export class PluginEnablementEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ name: 'plugin_id', type: 'varchar', length: 64 })
  pluginId!: string;

  /** The installed version that runs (a row of plugin_versions visible to the organisation). */
  @Column({ name: 'plugin_version_id', type: 'uuid' })
  pluginVersionId!: string;

  // A version that runs somewhere cannot be removed from under it.
  @ManyToOne(() => PluginVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plugin_version_id' })
  pluginVersion?: PluginVersionEntity;

  @Column({ type: 'varchar', length: 200 })
  scope!: string;

  /** The configuration, validated against the version's schema, defaults applied. */
  @Column({ type: 'jsonb' })
  config!: Record<string, unknown>;

  /** Plugins run in ascending order (then by id). */
  @Column({ type: 'integer', default: 100 })
  position!: number;

  @Column({ name: 'enabled_by', type: 'varchar', length: 160 })
  enabledBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
