import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ArtifactStore } from '@alloy/artifact-store';
import { PluginVersionEntity } from '@alloy/db';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { AuditService } from '../audit/audit.service';
import { currentAuth } from '../auth/auth-context';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/errors/postgres-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { PluginDto } from './dto/plugin.dto';
import { PluginCatalog } from './plugin-catalog';
import { type StagedPlugin, stageDirectory, stageTarball } from './plugin-package';
import { PluginRuntime } from './plugin-runtime.service';
import { PluginErrorCode } from './plugins.errors';

/**
 * Installs plugin versions: checks the package (signature, layout, manifest, bundle hash), loads it
 * once in a sandbox so a broken bundle is refused now rather than at its first request, then stores
 * its files and records the version. A failure at any step leaves nothing behind.
 */
@Injectable()
export class PluginInstallService {
  private readonly trustedKeys: string[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly catalog: PluginCatalog,
    private readonly runtime: PluginRuntime,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Read at boot: a configured key file that cannot be read stops the start, not an install.
    this.trustedKeys = config.plugins.trustedKeyFiles.map((file) => readFileSync(file, 'utf8'));
  }

  async installTarball(
    ctx: RequestContext,
    bytes: Buffer,
    signature: string | undefined,
  ): Promise<PluginDto> {
    const staged = await stageTarball(bytes, signature, this.trustedKeys);
    return this.install(ctx, staged, 'upload');
  }

  /** A folder on the control plane's host: only the platform's admins may point at its disk. */
  async installDirectory(ctx: RequestContext, directory: string): Promise<PluginDto> {
    const auth = currentAuth();
    if (!auth?.principal.platform || auth.principal.role !== 'admin') {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'FORBIDDEN',
        'installing from a directory on the server is for the platform organisation’s admins; upload a package instead',
      );
    }
    const staged = await stageDirectory(directory);
    return this.install(ctx, staged, 'directory');
  }

  private async install(
    ctx: RequestContext,
    staged: StagedPlugin,
    source: 'upload' | 'directory',
  ): Promise<PluginDto> {
    const organizationId = ctx.organizationId!;
    const { manifest } = staged;
    try {
      const exists = await this.dataSource.getRepository(PluginVersionEntity).existsBy({
        organizationId,
        pluginId: manifest.id,
        version: manifest.version,
      });
      if (exists) throw this.versionExists(manifest.id, manifest.version);
      await this.runtime.checkLoads(staged.dir);
      // A key of its own per install: a failed or concurrent install removes only its own files.
      const key = `plugins/${organizationId}/${manifest.id}/${manifest.version}-${randomUUID().slice(0, 8)}`;
      await this.store.putDirectory(key, staged.dir);
      try {
        await this.dataSource.transaction(async (manager) => {
          const row = await manager.save(
            manager.create(PluginVersionEntity, {
              organizationId,
              pluginId: manifest.id,
              version: manifest.version,
              manifest: manifest as unknown as Record<string, unknown>,
              path: key,
              sha256: staged.sha256,
              signedBy: staged.signedBy,
              source,
              installedBy: ctx.actor,
            }),
          );
          await this.audit.record(manager, ctx, {
            action: 'plugin.install',
            entityType: 'plugin',
            entityId: `${manifest.id}@${manifest.version}`,
            after: { ...row, manifest: undefined },
          });
        });
      } catch (error) {
        await this.store.remove(key).catch(() => undefined);
        if (isUniqueViolation(error)) throw this.versionExists(manifest.id, manifest.version);
        throw error;
      }
    } finally {
      await staged.cleanup();
    }
    return this.catalog.get(organizationId, manifest.id);
  }

  private versionExists(id: string, version: string): ApiError {
    return ApiError.conflict(
      `plugin ${id}@${version} is already installed; installed versions never change, publish a new version`,
      PluginErrorCode.PLUGIN_VERSION_EXISTS,
    );
  }
}
