import { PluginEnablementEntity } from '@alloy/db';
import { type PluginManifest, resolveConfig } from '@alloy/plugin-sdk';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { DomainsService } from '../domains/domains.service';
import { ModelsService } from '../models/models.service';
import type { EnablePluginDto } from './dto/enable-plugin.dto';
import { PluginEnablementDto } from './dto/plugin.dto';
import { PluginCatalog } from './plugin-catalog';
import { PluginErrorCode } from './plugins.errors';

/** Where an organisation runs a plugin: enabling (or re-configuring) and disabling it. */
@Injectable()
export class PluginEnablementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly catalog: PluginCatalog,
    private readonly domains: DomainsService,
    private readonly models: ModelsService,
  ) {}

  /** Enables a plugin at a scope, or replaces that scope's version, configuration and position. */
  async enable(
    ctx: RequestContext,
    pluginId: string,
    input: EnablePluginDto,
  ): Promise<PluginEnablementDto> {
    const organizationId = ctx.organizationId!;
    return this.dataSource.transaction(async (manager) => {
      const version = await this.catalog.version(manager, organizationId, pluginId, input.version);
      const manifest = version.manifest as unknown as PluginManifest;
      const { scope, domain } = await this.scopeOf(manager, input);
      if (domain !== null && manifest.domains.length > 0 && !manifest.domains.includes(domain)) {
        throw ApiError.badRequest(
          PluginErrorCode.PLUGIN_NOT_FOR_DOMAIN,
          `${input.scope === 'model' ? 'model' : 'domain'}: ${pluginId} applies to ${manifest.domains.join(', ')}, not to ${domain}`,
        );
      }
      const config = this.checkedConfig(manifest, input.config ?? {});
      const repo = manager.getRepository(PluginEnablementEntity);
      const before = await repo.findOneBy({ organizationId, pluginId, scope });
      const row = await repo.save(
        repo.create({
          ...(before ?? {}),
          organizationId,
          pluginId,
          pluginVersionId: version.id,
          scope,
          config,
          position: input.position ?? before?.position ?? 100,
          enabledBy: ctx.actor,
        }),
      );
      await this.audit.record(manager, ctx, {
        action: before ? 'plugin.reconfigure' : 'plugin.enable',
        entityType: 'plugin',
        entityId: pluginId,
        before,
        after: { ...row, version: version.version },
      });
      return PluginEnablementDto.from(row, version.version);
    });
  }

  async disable(ctx: RequestContext, pluginId: string, enablementId: string): Promise<void> {
    const organizationId = ctx.organizationId!;
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(PluginEnablementEntity);
      const row = await repo
        .createQueryBuilder('e')
        .where('e.organization_id = :organizationId AND e.plugin_id = :pluginId', {
          organizationId,
          pluginId,
        })
        .andWhere('e.id::text = :enablementId', { enablementId })
        .getOne();
      if (!row) {
        throw ApiError.notFound(
          'plugin enablement',
          enablementId,
          PluginErrorCode.ENABLEMENT_NOT_FOUND,
        );
      }
      await repo.delete({ id: row.id });
      await this.audit.record(manager, ctx, {
        action: 'plugin.disable',
        entityType: 'plugin',
        entityId: pluginId,
        before: row,
      });
    });
  }

  /** The stored scope, and the domain it puts the plugin in (null for the whole organisation). */
  private async scopeOf(
    manager: EntityManager,
    input: EnablePluginDto,
  ): Promise<{ scope: string; domain: string | null }> {
    switch (input.scope) {
      case 'organization':
        return { scope: 'organization', domain: null };
      case 'domain': {
        const domain = await this.domains.findEntity(input.domain!);
        return { scope: `domain:${domain.name}`, domain: domain.name };
      }
      case 'model': {
        const model = await this.models.findEntity(input.model!, manager);
        return { scope: `model:${model.name}`, domain: model.domain?.name ?? null };
      }
    }
  }

  private checkedConfig(manifest: PluginManifest, config: Record<string, unknown>) {
    const resolved = resolveConfig(manifest, config);
    if (!resolved.ok) {
      throw ApiError.badRequest(
        PluginErrorCode.INVALID_PLUGIN_CONFIG,
        resolved.errors.join('; '),
        resolved.errors.map((message) => ({ field: message.split(':')[0], message })),
      );
    }
    return resolved.config;
  }
}
