import {
  deriveWorkerSigningKey,
  redisKeys,
  signJobData,
  type SignedTrainingJobData,
  type TrainingJobData,
  workerQueueName,
} from '@alloy/contracts';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** The BullMQ side of dispatch: one queue per worker, opened on first use. */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly prefix: string;
  private readonly signingSecret: string;
  private readonly queues = new Map<string, Queue<SignedTrainingJobData>>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = new Redis(config.redis.url, { maxRetriesPerRequest: 2 });
    // Redis going away is expected (the scheduler re-enqueues from PostgreSQL); don't crash on it.
    this.connection.on('error', () => undefined);
    this.prefix = redisKeys(config.redis.namespace).queuePrefix;
    this.signingSecret = config.auth.signingSecret;
  }

  queue(workerId: string): Queue<SignedTrainingJobData> {
    let queue = this.queues.get(workerId);
    if (!queue) {
      queue = new Queue<SignedTrainingJobData>(workerQueueName(workerId), {
        connection: this.connection,
        prefix: this.prefix,
      });
      queue.on('error', () => undefined);
      this.queues.set(workerId, queue);
    }
    return queue;
  }

  /**
   * Adds the job (BullMQ job id = our job id), replacing a finished entry left from an earlier
   * dispatch. The data is signed with the worker's key: the worker runs nothing Redis made up.
   */
  async dispatch(workerId: string, data: TrainingJobData, attempts: number): Promise<void> {
    const queue = this.queue(workerId);
    const existing = await queue.getJob(data.jobId);
    if (existing) {
      const state = await existing.getState();
      if (
        state === 'active' ||
        state === 'waiting' ||
        state === 'delayed' ||
        state === 'prioritized'
      )
        return;
      await existing.remove();
    }
    const signed = signJobData(deriveWorkerSigningKey(this.signingSecret, workerId), data);
    await queue.add('train', signed, {
      jobId: data.jobId,
      attempts,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 24 * 3600 },
      // Failed jobs stay in Redis for inspection.
      removeOnFail: false,
    });
  }

  /** Whether Redis still holds the job in a state a worker will act on. */
  async isPending(workerId: string, jobId: string): Promise<boolean> {
    const job = await this.queue(workerId).getJob(jobId);
    if (!job) return false;
    const state = await job.getState();
    return (
      state === 'active' || state === 'waiting' || state === 'delayed' || state === 'prioritized'
    );
  }

  /** Removes a job no worker has taken yet; false when a worker is already running it. */
  async withdraw(workerId: string, jobId: string): Promise<boolean> {
    const job = await this.queue(workerId).getJob(jobId);
    if (!job) return true;
    if ((await job.getState()) === 'active') return false;
    await job.remove();
    return true;
  }

  /**
   * Removes the entry of a worker that stopped heartbeating, even an `active` one: no stalled check
   * runs on a queue whose only consumer is gone, so BullMQ would keep it active for good. BullMQ
   * removes a job only while no worker holds its lock, so an entry is kept (false) as long as its
   * worker, merely cut off from the control plane, still renews the lock; a dead worker's lock
   * expires after its lock duration.
   */
  async release(workerId: string, jobId: string): Promise<boolean> {
    const job = await this.queue(workerId).getJob(jobId);
    if (!job) return true;
    try {
      await job.remove();
      return true;
    } catch (error) {
      if (error instanceof Error && /locked/.test(error.message)) return false;
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
