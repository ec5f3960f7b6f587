import { PluginEnablementEntity, PluginVersionEntity } from '@alloy/db';
import { Injectable } from '@nestjs/common';
import semver from 'semver';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { PluginDto, PluginEnablementDto, PluginVersionDto } from './dto/plugin.dto';
import { PluginErrorCode } from './plugins.errors';

/** Newest first, by semantic version. */
export const byVersionDesc = (a: { version: string }, b: { version: string }): number =>
  semver.rcompare(a.version, b.version);

/**
 * What plugins an organisation can see (its own installs and the platform's) and what it runs.
 * Reads only; installing and enabling go through their services.
 */
@Injectable()
export class PluginCatalog {
  private platformOrgId?: Promise<string>;

  constructor(private readonly dataSource: DataSource) {}

  /** The organisation that runs the installation; its plugin installs serve every organisation. */
  platformOrganizationId(): Promise<string> {
    this.platformOrgId ??= this.dataSource
      .query<{ id: string }[]>('SELECT id FROM organizations WHERE platform = true LIMIT 1')
      .then((rows) => rows[0]?.id ?? '')
      .catch((error: unknown) => {
        this.platformOrgId = undefined;
        throw error;
      });
    return this.platformOrgId;
  }

  /** Installed versions of a plugin (or all plugins) the organisation may run, newest first. */
  async versions(
    manager: EntityManager,
    organizationId: string,
    pluginId?: string,
  ): Promise<PluginVersionEntity[]> {
    const owners = [organizationId, await this.platformOrganizationId()];
    const rows = await manager.getRepository(PluginVersionEntity).find({
      where: { organizationId: In(owners), ...(pluginId ? { pluginId } : {}) },
    });
    // The organisation's own install of a version shadows the platform's install of the same one.
    const own = new Set(
      rows
        .filter((r) => r.organizationId === organizationId)
        .map((r) => `${r.pluginId}@${r.version}`),
    );
    return rows
      .filter((r) => r.organizationId === organizationId || !own.has(`${r.pluginId}@${r.version}`))
      .sort(byVersionDesc);
  }

  /** One visible version, or the newest when none is named. */
  async version(
    manager: EntityManager,
    organizationId: string,
    pluginId: string,
    version?: string,
  ): Promise<PluginVersionEntity> {
    const all = await this.versions(manager, organizationId, pluginId);
    if (all.length === 0)
      throw ApiError.notFound('plugin', pluginId, PluginErrorCode.PLUGIN_NOT_FOUND);
    const found = version ? all.find((v) => v.version === version) : all[0];
    if (!found) {
      throw ApiError.notFound(
        'plugin version',
        `${pluginId}@${version}`,
        PluginErrorCode.PLUGIN_VERSION_NOT_FOUND,
      );
    }
    return found;
  }

  async list(organizationId: string): Promise<PluginDto[]> {
    const manager = this.dataSource.manager;
    const versions = await this.versions(manager, organizationId);
    const enablements = await manager
      .getRepository(PluginEnablementEntity)
      .find({ where: { organizationId }, order: { position: 'ASC', scope: 'ASC' } });
    return this.assemble(versions, enablements, await this.platformOrganizationId());
  }

  async get(organizationId: string, pluginId: string): Promise<PluginDto> {
    const manager = this.dataSource.manager;
    const versions = await this.versions(manager, organizationId, pluginId);
    if (versions.length === 0) {
      throw ApiError.notFound('plugin', pluginId, PluginErrorCode.PLUGIN_NOT_FOUND);
    }
    const enablements = await manager
      .getRepository(PluginEnablementEntity)
      .find({ where: { organizationId, pluginId }, order: { position: 'ASC', scope: 'ASC' } });
    return this.assemble(versions, enablements, await this.platformOrganizationId())[0];
  }

  private assemble(
    versions: PluginVersionEntity[],
    enablements: PluginEnablementEntity[],
    platformOrgId: string,
  ): PluginDto[] {
    const byPlugin = new Map<string, PluginVersionEntity[]>();
    for (const v of versions) byPlugin.set(v.pluginId, [...(byPlugin.get(v.pluginId) ?? []), v]);
    const versionOf = new Map(versions.map((v) => [v.id, v.version]));
    return [...byPlugin.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, list]) => {
        const latest = list[0];
        const manifest = latest.manifest as {
          displayName?: string;
          description?: string;
          domains?: string[];
        };
        const enabled = enablements.filter((e) => e.pluginId === id);
        return {
          id,
          displayName: manifest.displayName,
          description: manifest.description,
          domains: manifest.domains ?? [],
          latestVersion: latest.version,
          state: enabled.length ? 'enabled' : 'installed',
          versions: list.map((v) => PluginVersionDto.from(v, platformOrgId)),
          enablements: enabled.map((e) =>
            PluginEnablementDto.from(e, versionOf.get(e.pluginVersionId) ?? '?'),
          ),
        } satisfies PluginDto;
      });
  }
}
