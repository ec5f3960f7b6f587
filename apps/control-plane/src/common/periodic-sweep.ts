import type { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A clean-up that runs at start and then every `intervalMs`, one run at a time per process; the
 * app waits for a run in progress when it shuts down. Subclasses say what one run deletes.
 */
export abstract class PeriodicSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private last: Promise<unknown> = Promise.resolve();

  protected abstract readonly logger: Logger;
  /** How often it runs. */
  protected abstract readonly intervalMs: number;
  /** What it cleans, for its log lines. */
  protected abstract readonly what: string;

  /** One run: deletes what is due at `now`; returns how many. */
  protected abstract sweepAll(now: Date): Promise<number>;

  /** Runs now (after a run in progress has ended); returns how many it deleted. */
  sweep(now = new Date()): Promise<number> {
    const next = this.last.then(() => this.sweepAll(now));
    this.last = next.catch(() => undefined);
    return next;
  }

  onApplicationBootstrap(): void {
    const run = () =>
      void this.sweep().catch((error: unknown) =>
        this.logger.warn(`${this.what} sweep: ${String(error)}`),
      );
    run();
    this.timer = setInterval(run, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.last;
  }
}
