import { fileURLToPath } from 'node:url';
import type { ArtifactStore } from '@alloy/artifact-store';
import type { RecordCleaner } from '@alloy/data';
import { enabledPlugins, type PluginTarget } from '@alloy/db';
import { PluginHost, pluginRecordCleaners } from '@alloy/plugin-host';
import { createServiceLogger } from '@alloy/runtime';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { ApiError } from '../common/errors/api-error';
import { pluginFailures } from '../common/metrics/metrics';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { DatasetRecordCleaners } from '../datasets/record-cleaners';
import { PluginErrorCode } from './plugins.errors';

/**
 * The control plane's plugin sandboxes: it runs the `dataset.record` hooks of ingestion and
 * test-loads every package before it is installed.
 */
@Injectable()
export class PluginRuntime implements DatasetRecordCleaners, OnApplicationShutdown {
  private readonly host: PluginHost;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.host = new PluginHost({
      logger: createServiceLogger('control-plane', config.log.level, { component: 'plugins' }),
      onFailure: (failure) =>
        pluginFailures.inc({ plugin: failure.pluginId, hook: failure.hook, kind: failure.kind }),
    });
  }

  /** Loads a staged package in a sandbox of its own and unloads it; refuses what does not load. */
  async checkLoads(dir: string): Promise<void> {
    try {
      const handle = await this.host.load(dir);
      this.host.unload(handle);
    } catch (error) {
      throw ApiError.badRequest(
        PluginErrorCode.PLUGIN_LOAD_FAILED,
        `the plugin does not load: ${(error as Error).message}`,
      );
    }
  }

  async cleanersFor(target: PluginTarget): Promise<RecordCleaner[]> {
    const enabled = await enabledPlugins(this.dataSource.manager, target);
    const bindings = await Promise.all(
      enabled.map(async (plugin) => ({
        handle: await this.host.load(fileURLToPath(this.store.uri(plugin.path)), plugin.sha256),
        config: plugin.config,
        organizationId: target.organizationId,
        domain: target.domain ?? undefined,
      })),
    );
    return pluginRecordCleaners(bindings);
  }

  onApplicationShutdown(): void {
    this.host.close();
  }
}
