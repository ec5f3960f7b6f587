import { DEPLOYMENTS_CHANNEL } from '@alloy/db';
import { Client } from 'pg';
import type { Logger } from 'pino';

/**
 * LISTENs on the deployments channel so that a change applies as soon as it commits. Polling stays
 * as the fallback (a dropped connection, alias moves made outside a deployment); this only makes
 * the common case fast. A lost connection is re-opened on the next `ensure()`.
 */
export class DeploymentNotifications {
  private client?: Client;
  private connecting?: Promise<void>;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onChange: (deployment: string) => void,
    private readonly logger: Logger,
  ) {}

  /** Connects and listens when not already; failures are logged, polling covers them. */
  ensure(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'alloy-model-server-listen',
    });
    const drop = (error?: unknown): void => {
      if (this.client !== client) return;
      this.client = undefined;
      if (!this.closed) this.logger.warn({ err: error }, 'deployment notifications lost; polling');
      void client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (message) => {
      if (message.channel === DEPLOYMENTS_CHANNEL) this.onChange(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${DEPLOYMENTS_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot listen for deployment changes; polling');
      await client.end().catch(() => undefined);
    }
  }
}
