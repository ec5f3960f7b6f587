import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logger';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/server-config';
import { DeploymentCatalog } from './deployment-catalog';
import { DeploymentNotifications } from './deployment-notifications';
import { DeploymentReader } from './deployment.reader';

/**
 * Follows the deployments in Postgres: LISTEN for the control plane's notifications, and a poll
 * as the fallback. A new table replaces the old one atomically;
 * requests already running keep the version they were routed to (the registry keeps its engine
 * loaded until they finish), new requests use the new table.
 */
@Injectable()
export class DeploymentWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private current = DeploymentCatalog.empty();
  private fingerprint = '';
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private queued?: Promise<void>;
  private listeners: ((catalog: DeploymentCatalog) => void)[] = [];
  private loadedOnce = false;
  private readonly notifications: DeploymentNotifications;

  constructor(
    private readonly reader: DeploymentReader,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.notifications = new DeploymentNotifications(
      config.database.url,
      () => void this.refresh(),
      logger,
    );
  }

  get catalog(): DeploymentCatalog {
    return this.current;
  }

  /** True once deployments have been read at least once. */
  get ready(): boolean {
    return this.loadedOnce;
  }

  onChange(listener: (catalog: DeploymentCatalog) => void): void {
    this.listeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.notifications.ensure();
    await this.refresh();
    const tick = (): void => {
      this.timer = setTimeout(() => {
        void this.notifications
          .ensure()
          .then(() => this.refresh())
          .finally(tick);
      }, this.config.deployments.pollMs);
      this.timer.unref();
    };
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.notifications.close();
  }

  /**
   * Re-reads the deployments (also what the poll does). The read it resolves with starts after the
   * call, so a change committed before the call is seen.
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.queued ??= this.refreshing.then(() => {
        this.queued = undefined;
        return this.refresh();
      });
      return this.queued;
    }
    this.refreshing = this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    try {
      const next = DeploymentCatalog.fromRows(await this.reader.read());
      this.loadedOnce = true;
      const fingerprint = next.fingerprint();
      if (fingerprint === this.fingerprint) return;
      this.fingerprint = fingerprint;
      this.current = next;
      this.logger.info(
        {
          deployments: next.models.map((m) => ({
            model: m.model,
            revision: m.revision,
            traffic: m.traffic,
          })),
        },
        'deployments changed',
      );
      for (const listener of this.listeners) listener(next);
    } catch (error) {
      // Keep serving the last known table; the next poll tries again.
      this.logger.error({ err: error }, 'reading deployments failed');
    }
  }
}
