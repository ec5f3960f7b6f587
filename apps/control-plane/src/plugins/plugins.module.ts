import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DomainsModule } from '../domains/domains.module';
import { ModelsModule } from '../models/models.module';
import { PluginCatalog } from './plugin-catalog';
import { PluginEnablementsService } from './plugin-enablements.service';
import { PluginInstallService } from './plugin-install.service';
import { PluginRuntimeModule } from './plugin-runtime.module';
import { PluginsController } from './plugins.controller';

@Module({
  imports: [AuditModule, DomainsModule, ModelsModule, PluginRuntimeModule],
  controllers: [PluginsController],
  providers: [PluginCatalog, PluginInstallService, PluginEnablementsService],
})
export class PluginsModule {}
