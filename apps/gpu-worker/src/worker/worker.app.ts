import { hostname } from 'node:os';
import { FilesystemArtifactStore } from '@alloy/artifact-store';
import {
  JOB_SPEC_VERSION,
  WORKER_PROTOCOL_VERSION,
  redisKeys,
  type WorkerAssignment,
  type WorkerRegistration,
} from '@alloy/contracts';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ArtifactFetcher } from '../artifacts/artifact-fetcher';
import type { WorkerConfig } from '../config/worker-config';
import { ControlPlaneClient, ControlPlaneHttpError } from '../control-plane/control-plane.client';
import { WorkerPresenceService } from '../control-plane/worker-presence.service';
import { JobEventPublisher } from '../events/job-event.publisher';
import { GpuInventoryService } from '../gpu/gpu-inventory.service';
import { CheckpointUploader } from '../jobs/checkpoint.uploader';
import { JobRunner } from '../jobs/job-runner';
import { JobWorkspaceService } from '../jobs/job-workspace.service';
import { TrainerLauncher } from '../trainer/trainer.launcher';
import { JobControlListener } from './job-control.listener';
import { TrainingQueueWorker } from './training-queue.worker';

const VERSION = '0.1.0';

/** The worker process: wires the parts together and runs cordon, drain and shutdown. */
export class WorkerApp {
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly gpus: GpuInventoryService;
  private readonly runner: JobRunner;
  private readonly queue: TrainingQueueWorker;
  private readonly presence: WorkerPresenceService;
  private readonly control: JobControlListener;
  private readonly client: ControlPlaneClient;
  private concurrency = 1;
  private draining = false;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: Logger,
    /** Called once the worker has stopped because the control plane drained it. */
    private readonly onDrained: () => void = () => undefined,
  ) {
    // BullMQ needs maxRetriesPerRequest null: its blocking calls must wait out a Redis restart.
    this.redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    this.subscriber = this.redis.duplicate();
    // ioredis reconnects by itself; say so in the log instead of as an unhandled error event.
    for (const connection of [this.redis, this.subscriber]) {
      connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis error'));
    }
    const keys = redisKeys(config.redis.namespace);
    this.gpus = new GpuInventoryService(logger);
    const fetcher = new ArtifactFetcher(new FilesystemArtifactStore(config.artifacts.root));
    const launcher = new TrainerLauncher(config.trainer, logger);
    this.client = new ControlPlaneClient(
      config.controlPlane.url,
      config.workerId,
      config.controlPlane.joinToken,
    );
    const signingKey = () => this.client.signingKey;
    this.runner = new JobRunner(
      config.workerId,
      config.cancelGraceMs,
      new JobWorkspaceService(config.workDir, fetcher, launcher, logger),
      fetcher,
      new CheckpointUploader(fetcher),
      launcher,
      new JobEventPublisher(this.redis, keys.eventsStream, signingKey),
      this.gpus,
      logger,
    );
    this.queue = new TrainingQueueWorker(
      config,
      this.redis,
      this.runner,
      logger,
      () => this.onJobEnd(),
      signingKey,
    );
    this.presence = new WorkerPresenceService(
      this.client,
      this.gpus,
      () => this.registration(),
      () => this.runner.runningJobIds(),
      (assignment) => this.onAssignment(assignment),
      config.workerId,
      logger,
      { heartbeatIntervalMs: config.controlPlane.heartbeatIntervalMs },
    );
    this.control = new JobControlListener(
      this.subscriber,
      keys.controlChannel,
      (jobId) => this.runner.cancel(jobId),
      logger,
    );
  }

  async start(): Promise<void> {
    await this.gpus.refresh();
    this.concurrency = this.config.maxConcurrentJobs ?? this.gpus.defaultConcurrency();
    await this.join();
    await this.control.start();
    this.queue.start(this.concurrency);
    this.presence.start();
    this.logger.info(
      {
        queue: this.queue.queueName,
        redisNamespace: this.config.redis.namespace,
        concurrency: this.concurrency,
        gpus: this.gpus.list().map((g) => g.name),
        controlPlane: this.config.controlPlane.url,
      },
      'worker started',
    );
  }

  /**
   * Exchanges the join token for this worker's credential, retrying while the control plane is
   * unreachable; a refused token ends the start (it will not become valid by waiting).
   */
  private async join(): Promise<void> {
    for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
      try {
        await this.client.join();
        this.logger.info('joined the control plane with the worker token');
        return;
      } catch (error) {
        if (error instanceof ControlPlaneHttpError && error.status < 500)
          throw new Error(
            `the control plane refused WORKER_TOKEN (${error.status} ${error.code ?? ''}): ` +
              'create a new one with POST /api/v1/worker-tokens',
          );
        this.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'control plane not reachable; retrying the join',
        );
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** Graceful stop: no new jobs; running trainers checkpoint and their jobs go back to the queue. */
  stop(reason: string): Promise<void> {
    this.stopping ??= this.shutdown(reason, true);
    return this.stopping;
  }

  private async shutdown(reason: string, interruptJobs: boolean): Promise<void> {
    this.logger.info({ reason, running: this.runner.runningJobIds() }, 'stopping');
    await this.presence.stop();
    if (interruptJobs) this.runner.stopAll();
    await this.queue.close();
    await this.subscriber.quit().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
    this.logger.info('stopped');
  }

  private registration(): WorkerRegistration {
    return {
      host: hostname(),
      gpus: this.gpus.list(),
      labels: this.config.labels,
      maxConcurrentJobs: this.concurrency,
      protocolVersion: WORKER_PROTOCOL_VERSION,
      specVersions: [JOB_SPEC_VERSION],
      version: VERSION,
      redisNamespace: this.config.redis.namespace,
    };
  }

  private onAssignment(assignment: WorkerAssignment): void {
    if (this.stopping) return;
    if (assignment.draining) {
      if (!this.draining) this.logger.info('draining: finishing running jobs, then exiting');
      this.draining = true;
    }
    if (assignment.cordoned || assignment.draining) {
      if (!this.queue.isPaused()) {
        this.logger.info({ draining: assignment.draining }, 'cordoned: no new jobs');
        this.queue.pause().catch((error: unknown) => this.logger.error({ err: error }, 'pause'));
      }
    } else if (this.queue.isPaused()) {
      this.logger.info('uncordoned: taking jobs again');
      this.queue.resume().catch((error: unknown) => this.logger.error({ err: error }, 'resume'));
    }
    this.checkDrained();
  }

  private onJobEnd(): void {
    this.presence.nudge();
    // The processor is still returning; look once BullMQ has recorded the job's end.
    setImmediate(() => this.checkDrained());
  }

  private checkDrained(): void {
    if (!this.draining || this.stopping || this.runner.runningJobIds().length > 0) return;
    this.stopping = this.shutdown('drained', false);
    this.stopping.then(this.onDrained, (error: unknown) =>
      this.logger.error({ err: error }, 'drain shutdown failed'),
    );
  }
}
