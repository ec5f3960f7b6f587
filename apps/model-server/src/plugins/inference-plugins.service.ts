import path from 'node:path';
import { enabledPlugins } from '@alloy/db';
import { type PluginBinding, PluginHost } from '@alloy/plugin-host';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ROOT_LOGGER } from '../common/logger';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/server-config';
import { pluginFailures } from '../metrics/metrics';
import type { RoutedModel } from '../serving/model-router.service';

/** How long the list of a model's plugins is reused before the enablements are read again. */
const BINDINGS_TTL_MS = 1000;

/**
 * The plugins that run on a model's requests, each in its own sandbox. What runs is read from the
 * organisation's enablements (the model's, its domain's, the organisation's), at most a second
 * old, so enabling, re-configuring or disabling a plugin reaches every server within a second.
 */
@Injectable()
export class InferencePlugins implements OnApplicationShutdown {
  private readonly host: PluginHost;
  private readonly cache = new Map<string, { at: number; bindings: Promise<PluginBinding[]> }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.host = new PluginHost({
      logger: logger.child({ component: 'plugins' }),
      onFailure: (failure) =>
        pluginFailures.inc({ plugin: failure.pluginId, hook: failure.hook, kind: failure.kind }),
    });
  }

  /** The bindings for a routed request, in the order they run (empty when none is enabled). */
  bindingsFor(routed: RoutedModel): Promise<PluginBinding[]> {
    const key = `${routed.organizationId}\n${routed.domain ?? ''}\n${routed.model}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < BINDINGS_TTL_MS) return hit.bindings;
    const bindings = this.resolve(routed);
    this.cache.set(key, { at: now, bindings });
    // A failed read is not remembered: the next request tries again.
    bindings.catch(() => this.cache.delete(key));
    return bindings;
  }

  private async resolve(routed: RoutedModel): Promise<PluginBinding[]> {
    const enabled = await enabledPlugins(this.dataSource.manager, {
      organizationId: routed.organizationId,
      domain: routed.domain,
      model: routed.model,
    });
    return Promise.all(
      enabled.map(async (plugin) => ({
        handle: await this.host.load(
          path.resolve(this.config.artifacts.root, plugin.path),
          plugin.sha256,
        ),
        config: plugin.config,
        organizationId: routed.organizationId,
        domain: routed.domain,
        model: routed.model,
      })),
    );
  }

  onApplicationShutdown(): void {
    this.host.close();
  }
}
