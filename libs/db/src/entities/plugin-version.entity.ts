import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganizationEntity } from './organization.entity';

/**
 * One installed version of a plugin. Installed by an organisation for itself, or by the platform
 * organisation for every organisation. The files (`alloy-plugin.json` and its bundle) lie in the
 * artifact store under `path`; a version's files never change once installed.
 */
@Entity({ name: 'plugin_versions' })
@Index(['organizationId', 'pluginId', 'version'], { unique: true })
export class PluginVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  /** The manifest's id, e.g. `alloy.finance`. */
  @Column({ name: 'plugin_id', type: 'varchar', length: 64 })
  pluginId!: string;

  @Column({ type: 'varchar', length: 64 })
  version!: string;

  /** The validated manifest, as installed. */
  @Column({ type: 'jsonb' })
  manifest!: Record<string, unknown>;

  /** Store key of the directory holding the plugin's files. */
  @Column({ type: 'varchar', length: 512 })
  path!: string;

  /** sha256 of the plugin's bundle. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** Fingerprint (`sha256:<hex>`) of the trusted key that signed the package; null when unsigned. */
  @Column({ name: 'signed_by', type: 'varchar', length: 80, nullable: true })
  signedBy!: string | null;

  /** How it came: `upload` (a tarball through the API) or `directory` (a folder on the server). */
  @Column({ type: 'varchar', length: 16 })
  source!: string;

  @Column({ name: 'installed_by', type: 'varchar', length: 160 })
  installedBy!: string;

  @CreateDateColumn({ name: 'installed_at', type: 'timestamptz', precision: 3 })
  installedAt!: Date;
}
