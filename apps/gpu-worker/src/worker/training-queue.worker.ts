import {
  WORKER_TIMEOUT_MS,
  redisKeys,
  verifyJobData,
  workerQueueName,
  type SignedTrainingJobData,
} from '@alloy/contracts';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker-config';
import { JobFailure, type JobOutcome, type JobRunner } from '../jobs/job-runner';

/**
 * A worker killed mid-job leaves it active until its lock expires; the stalled check then puts it
 * back. Allow several such recoveries (a flaky host) before BullMQ gives the job up as failed.
 */
export const MAX_STALLED_COUNT = 5;

/** How long a job taken while cordoned waits before it is looked at again. */
const CORDONED_DELAY_MS = 5_000;

/** The BullMQ side: consumes this worker's own queue and hands each job to the runner. */
export class TrainingQueueWorker {
  private worker: Worker<SignedTrainingJobData, JobOutcome> | null = null;

  constructor(
    private readonly config: WorkerConfig,
    private readonly connection: Redis,
    private readonly runner: JobRunner,
    private readonly logger: Logger,
    private readonly onJobEnd: () => void,
    /** Verifies that the control plane queued the job (Redis is not trusted to). */
    private readonly signingKey: () => string,
  ) {}

  get queueName(): string {
    return workerQueueName(this.config.workerId);
  }

  start(concurrency: number): void {
    const { lockDurationMs, stalledIntervalMs } = this.config.queue;
    if (lockDurationMs > WORKER_TIMEOUT_MS) {
      this.logger.warn({ lockDurationMs }, 'a lock longer than the worker timeout delays recovery');
    }
    this.worker = new Worker<SignedTrainingJobData, JobOutcome>(
      this.queueName,
      (job, token) => this.process(job, token),
      {
        connection: this.connection,
        // The control plane adds this worker's jobs under the same namespaced prefix.
        prefix: redisKeys(this.config.redis.namespace).queuePrefix,
        name: this.config.workerId,
        concurrency,
        // The lock is renewed every lockDuration / 2 for as long as the job runs (hours are fine):
        // the trainer is a child process, so nothing blocks this event loop for long.
        lockDuration: lockDurationMs,
        stalledInterval: stalledIntervalMs,
        maxStalledCount: MAX_STALLED_COUNT,
      },
    );
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'queue worker error'));
    // The lock is gone: the control plane gave this worker up (it was stopped or cut off for too
    // long) and moved the job, or the stalled check will hand it out again. Stop the run now.
    this.worker.on('lockRenewalFailed', (jobIds) => {
      for (const jobId of jobIds)
        if (this.runner.abandon(jobId))
          this.logger.warn({ jobId }, 'lost the lock of a running job');
    });
    this.worker.on('failed', (job, error) =>
      this.logger.info({ jobId: job?.id, reason: error.message.split('\n')[0] }, 'job failed'),
    );
  }

  /** Stops taking new jobs; running ones go on. */
  async pause(): Promise<void> {
    if (this.worker && !this.worker.isPaused()) await this.worker.pause(true);
  }

  async resume(): Promise<void> {
    if (this.worker?.isPaused()) await this.worker.resume();
  }

  isPaused(): boolean {
    return this.worker?.isPaused() ?? false;
  }

  /** Waits for running jobs to end (call `runner.stopAll()` first to make them end soon). */
  async close(): Promise<void> {
    await this.worker?.close();
  }

  private async process(
    job: Job<SignedTrainingJobData, JobOutcome>,
    token: string | undefined,
  ): Promise<JobOutcome> {
    if (this.worker?.isPaused() && token) {
      // BullMQ's pause lets a fetch already waiting on Redis take one more job: put it back
      // untouched (no attempt counted) until the worker is uncordoned.
      await job.moveToDelayed(Date.now() + CORDONED_DELAY_MS, token);
      throw new DelayedError();
    }
    const data = verifyJobData(this.signingKey(), job.data);
    if (!data) {
      this.logger.error({ entry: job.id }, 'refused a queue entry the control plane did not sign');
      throw new UnrecoverableError('job data is not signed by the control plane');
    }
    this.logger.info({ jobId: data.jobId, attempt: job.attemptsMade + 1 }, 'job taken');
    try {
      return await this.runner.run({
        data,
        attempt: job.attemptsMade + 1,
        // Renewing the lock with this run's token succeeds only while the entry is still this
        // worker's; when Redis cannot say, the run writes nothing rather than risk it.
        holds: () =>
          token
            ? job.extendLock(token, this.config.queue.lockDurationMs).then(
                (extended) => extended === 1,
                () => false,
              )
            : Promise.resolve(true),
      });
    } catch (error) {
      // A bad spec or input stays bad: do not spend the remaining attempts on it.
      if (error instanceof JobFailure && !error.retryable)
        throw new UnrecoverableError(error.message);
      throw error;
    } finally {
      this.onJobEnd();
    }
  }
}
