import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/server-config';
import { ROOT_LOGGER } from '../common/logger';

/**
 * Streams in flight when the server is told to stop (SIGTERM on a rolling update): they are given
 * the first half of SHUTDOWN_GRACE_MS to finish, and those still running are then ended with an
 * explicit SERVER_SHUTTING_DOWN error on their own surface (SSE error event, gRPC status), so that
 * a client can tell them from a finished answer and retry on another replica. Without this the
 * HTTP server's forced close cut every stream at once with no word of why. The other half of the
 * grace is left to the audit flush and the gRPC server, before the process is made to exit.
 */
@Injectable()
export class StreamDrain implements BeforeApplicationShutdown {
  private readonly cut = new AbortController();
  private open = 0;
  private idle: (() => void) | null = null;
  private stopping = false;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** True once shutdown has begun: readiness fails and new streams are refused. */
  get draining(): boolean {
    return this.stopping;
  }

  /** Fires when the drain window is over for the streams still running. */
  get signal(): AbortSignal {
    return this.cut.signal;
  }

  /** Counts a stream in; call the returned function once, when it has ended. */
  track(): () => void {
    this.open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
      if (this.open === 0) this.idle?.();
    };
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const windowMs = Math.floor(this.config.shutdownGraceMs / 2);
    if (this.open > 0) {
      this.logger.info({ streams: this.open, windowMs }, 'draining streams');
      if (!(await this.whenIdle(windowMs))) {
        this.logger.warn({ streams: this.open }, 'ending streams still open at shutdown');
        this.cut.abort();
        await this.whenIdle(1000);
      }
      // The streams' last events are written but maybe not yet flushed; the forced close of the
      // HTTP server that follows destroys sockets with whatever they still hold.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.open === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idle = null;
        resolve(false);
      }, timeoutMs);
      this.idle = () => {
        clearTimeout(timer);
        this.idle = null;
        resolve(true);
      };
    });
  }
}
