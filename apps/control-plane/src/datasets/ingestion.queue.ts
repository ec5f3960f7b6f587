import { INGESTION_QUEUE, redisKeys } from '@alloy/contracts';
import type { IngestionProgress } from '@alloy/data';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { IngestionProcessor } from './ingestion.processor';

export interface IngestionJobData {
  versionId: string;
}

/**
 * Control planes that share a database share the ingestion queue; ones on another database (a
 * second installation, a test suite) on the same Redis must not take its jobs, whose rows and
 * files they cannot see. The namespace keeps it with the installation's other keys; the database
 * part stays because two installations may forget to set different namespaces.
 */
export function queuePrefix(namespace: string, databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  return `${redisKeys(namespace).queuePrefix}:${url.hostname}:${url.port || '5432'}:${database}`;
}

/** Attempts of one ingestion: a crash or a store error is retried, a bad file is not. */
export const INGESTION_ATTEMPTS = 3;

/**
 * The ingestion queue and its worker, inside the control plane. One ingestion at a time per
 * process (they are CPU-bound); BullMQ's stalled-job check hands the job of a process that died
 * to another, and `recover()` re-enqueues versions whose job was lost with Redis.
 */
@Injectable()
export class IngestionQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestionQueue.name);
  private connection: Redis | undefined;
  private workerConnection: Redis | undefined;
  private queue: Queue<IngestionJobData> | undefined;
  private worker: Worker<IngestionJobData> | undefined;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processor: IngestionProcessor,
  ) {}

  onApplicationBootstrap(): void {
    // The worker blocks on its own connection (which must retry forever); the queue's commands
    // (adds, progress reads for GET requests) go over another so they never wait behind it.
    this.connection = new Redis(this.config.redis.url, { maxRetriesPerRequest: 2 });
    this.connection.on('error', () => undefined);
    this.workerConnection = new Redis(this.config.redis.url, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', () => undefined);
    const prefix = queuePrefix(this.config.redis.namespace, this.config.database.url);
    this.queue = new Queue<IngestionJobData>(INGESTION_QUEUE, {
      connection: this.connection,
      prefix,
    });
    this.queue.on('error', (error) => this.logger.warn(`ingestion queue: ${error.message}`));
    this.worker = new Worker<IngestionJobData>(
      INGESTION_QUEUE,
      (job) => this.processor.process(job),
      { connection: this.workerConnection, prefix, concurrency: 1, autorun: true },
    );
    this.worker.on('error', (error) => this.logger.warn(`ingestion worker: ${error.message}`));
    const recover = () =>
      this.processor.pendingVersionIds().then(
        (ids) => Promise.all(ids.map((id) => this.enqueue(id))),
        (error: unknown) => this.logger.warn(`ingestion recovery: ${String(error)}`),
      );
    void recover();
    this.sweep = setInterval(() => void recover(), 60_000);
    this.sweep.unref();
  }

  /** Queues the ingestion of a version (job id = version id), replacing a finished entry. */
  async enqueue(versionId: string): Promise<void> {
    const queue = this.queue;
    if (!queue) throw new Error('the ingestion queue is not started');
    const existing = await queue.getJob(versionId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
      await existing.remove();
    }
    await queue.add(
      'ingest',
      { versionId },
      {
        jobId: versionId,
        attempts: INGESTION_ATTEMPTS,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: { age: 24 * 3600 },
        // Failed jobs stay in Redis for inspection.
        removeOnFail: false,
      },
    );
  }

  /** The progress an active ingestion last reported; null when unknown. */
  async progress(versionId: string): Promise<IngestionProgress | null> {
    try {
      const job: Job<IngestionJobData> | undefined = await this.queue?.getJob(versionId);
      const progress = job?.progress;
      return progress && typeof progress === 'object' ? (progress as IngestionProgress) : null;
    } catch {
      return null;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweep);
    // An active ingestion is aborted: its job goes back to the queue as stalled and is retried.
    this.processor.abortAll();
    await this.worker?.close();
    await this.queue?.close();
    this.connection?.disconnect();
    this.workerConnection?.disconnect();
  }
}
