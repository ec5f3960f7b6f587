import {
  HEARTBEAT_INTERVAL_MS,
  workerQueueName,
  type WorkerAssignment,
  type WorkerRegistration,
} from '@alloy/contracts';
import type { Logger } from 'pino';
import type { GpuInventoryService } from '../gpu/gpu-inventory.service';
import { ControlPlaneHttpError, type ControlPlaneClient } from './control-plane.client';

/** The control plane's code for a worker whose REDIS_NAMESPACE is not its own. */
export const REDIS_NAMESPACE_MISMATCH = 'REDIS_NAMESPACE_MISMATCH';
export const REGISTRATION_REFUSED_NAMESPACE =
  "registration refused: REDIS_NAMESPACE is not the control plane's, so no job can reach this worker";

export interface PresenceOptions {
  heartbeatIntervalMs?: number;
  /** Backoff while the control plane is unreachable: starts here, doubles, capped. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * Keeps the worker known to the control plane: registers (retrying with backoff while the control
 * plane is unreachable), then heartbeats; registers again when the control plane forgets it.
 * Every answer goes to `onAssignment` (cordon and drain).
 */
export class WorkerPresenceService {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private registered = false;
  private failures = 0;
  private inFlight = false;
  private tick: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: ControlPlaneClient,
    private readonly gpus: GpuInventoryService,
    private readonly registration: () => WorkerRegistration,
    private readonly runningJobIds: () => string[],
    private readonly onAssignment: (assignment: WorkerAssignment) => void,
    private readonly workerId: string,
    private readonly logger: Logger,
    private readonly options: PresenceOptions = {},
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.tick;
  }

  /** Sends a heartbeat now (a job started or ended), without waiting for the next tick. */
  nudge(): void {
    if (!this.registered || this.stopped || this.inFlight) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = true;
      this.tick = this.beat().finally(() => {
        this.inFlight = false;
      });
    }, delayMs);
  }

  private async beat(): Promise<void> {
    let next = this.options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
    try {
      const assignment = await this.send();
      this.failures = 0;
      if (assignment.queue !== workerQueueName(this.workerId)) {
        this.logger.warn({ queue: assignment.queue }, 'control plane names another queue');
      }
      this.onAssignment(assignment);
    } catch (error) {
      // Forgotten, or a control plane now on another namespace: register again (which says why
      // it is refused, if it is).
      if (
        error instanceof ControlPlaneHttpError &&
        (error.status === 404 || error.code === REDIS_NAMESPACE_MISMATCH)
      ) {
        this.registered = false;
      }
      this.failures += 1;
      const min = this.options.retryMinMs ?? 1000;
      const max = this.options.retryMaxMs ?? 30_000;
      // Jitter keeps a fleet of workers from hammering a restarting control plane in step.
      next =
        Math.min(max, min * 2 ** Math.min(this.failures - 1, 10)) * (0.8 + Math.random() * 0.4);
      if (error instanceof ControlPlaneHttpError && error.code === REDIS_NAMESPACE_MISMATCH) {
        // Not a passing outage: no job can reach this worker until an operator fixes the config,
        // so say so at error level on every attempt (the backoff keeps it to one line a while).
        this.logger.error(
          { reason: error.reason, retryInMs: Math.round(next), failures: this.failures },
          REGISTRATION_REFUSED_NAMESPACE,
        );
      } else {
        const log = this.failures === 1 || this.failures % 10 === 0 ? 'warn' : 'debug';
        this.logger[log](
          { err: error, retryInMs: Math.round(next), failures: this.failures },
          this.registered ? 'heartbeat failed' : 'registration failed; retrying',
        );
      }
    }
    this.schedule(next);
  }

  private async send(): Promise<WorkerAssignment> {
    await this.gpus.refresh();
    if (!this.registered) {
      const registration = this.registration();
      const assignment = await this.client.register(registration);
      this.registered = true;
      this.logger.info(
        { gpus: registration.gpus.length, maxConcurrentJobs: registration.maxConcurrentJobs },
        'registered',
      );
      return assignment;
    }
    return this.client.heartbeat({
      gpus: this.gpus.list(),
      runningJobIds: this.runningJobIds(),
      redisNamespace: this.registration().redisNamespace,
    });
  }
}
