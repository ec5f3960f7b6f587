import { rm } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArtifactKeyError } from '@alloy/artifact-store';
import type {
  CancelledEvent,
  CompletedEvent,
  FailedEvent,
  TrainingJobData,
} from '@alloy/contracts';
import type { Logger } from 'pino';
import {
  compareFiles,
  InputIntegrityError,
  type ArtifactFetcher,
} from '../artifacts/artifact-fetcher';
import type { JobEventPublisher, JobEventRun } from '../events/job-event.publisher';
import type { GpuInventoryService } from '../gpu/gpu-inventory.service';
import type { TrainerExit, TrainerLauncher, TrainerProcess } from '../trainer/trainer.launcher';
import type { CheckpointUploader } from './checkpoint.uploader';
import { publicReason, trainerFailureReason } from './failure-reason';
import { JobPathError, requireUnderJobPrefix } from './job-prefix';
import { followTrainer, type FollowResult } from './trainer-events.follower';
import type { JobWorkspaceService, PreparedWorkspace } from './job-workspace.service';
import { InvalidJobError } from './workspace-plan';

/** How a job ended without error. */
export type JobOutcome =
  { completed: true; outputKey: string; files: number } | { cancelled: true; step?: number };

/** A job that failed; `retryable` says whether running it again may succeed. */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The spec field at fault, for a bad spec. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface JobRunRequest {
  data: TrainingJobData;
  /** BullMQ attempt, 1-based. */
  attempt: number;
  /**
   * Whether this worker still holds the job (its queue lock); asked before each write to the
   * store. The control plane gives a silent worker's job to another worker, and a run that comes
   * back from a stall must not overwrite the checkpoints or the output of the run that took over.
   */
  holds?: () => Promise<boolean>;
}

/** The job was given to another worker while it ran here: this run stores and reports nothing more. */
export class JobLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} was given to another worker`);
  }
}

interface ActiveJob {
  cancelRequested: boolean;
  shutdownRequested: boolean;
  lost: boolean;
  trainer: TrainerProcess | null;
}

/** What the trainer's exit code means (README of alloy_trainer): 0 done, 2 and 1 final, else retry. */
function exitIsRetryable(exit: TrainerExit): boolean {
  return !(exit.code === 1 || exit.code === 2);
}

/** Any error as a JobFailure: a path the job may not use is final, anything unknown may pass. */
function toJobFailure(error: unknown): JobFailure {
  if (error instanceof JobFailure) return error;
  if (error instanceof JobPathError) return new JobFailure(error.message, false, error.field);
  return new JobFailure(error instanceof Error ? error.message : String(error), true);
}

/**
 * Runs one queued training job on this worker: work directory, trainer, events, checkpoints,
 * output upload; and cancels or stops it on request.
 */
export class JobRunner {
  private readonly active = new Map<string, ActiveJob>();

  constructor(
    private readonly workerId: string,
    private readonly cancelGraceMs: number,
    private readonly workspace: JobWorkspaceService,
    private readonly fetcher: ArtifactFetcher,
    private readonly checkpoints: CheckpointUploader,
    private readonly launcher: TrainerLauncher,
    private readonly publisher: JobEventPublisher,
    private readonly gpus: GpuInventoryService,
    private readonly logger: Logger,
  ) {}

  runningJobIds(): string[] {
    return [...this.active.keys()];
  }

  /** Cancels a job running here; false when it does not run on this worker. */
  cancel(jobId: string): boolean {
    const job = this.active.get(jobId);
    if (!job) return false;
    job.cancelRequested = true;
    job.trainer?.terminate(this.cancelGraceMs);
    return true;
  }

  /**
   * The job is no longer this worker's (its queue lock is gone): the trainer is killed without a
   * checkpoint, and nothing more of the run reaches the store or the control plane.
   */
  abandon(jobId: string): boolean {
    const job = this.active.get(jobId);
    if (!job) return false;
    job.lost = true;
    job.trainer?.terminate(0);
    return true;
  }

  /** Worker shutdown: every trainer checkpoints and stops; its job fails retryable and comes back. */
  stopAll(): void {
    for (const job of this.active.values()) {
      job.shutdownRequested = true;
      job.trainer?.terminate(this.cancelGraceMs);
    }
  }

  async run(request: JobRunRequest): Promise<JobOutcome> {
    const { data, attempt } = request;
    const jobId = data.jobId;
    if (this.active.has(jobId)) throw new JobFailure(`job ${jobId} already runs here`, true);
    const job: ActiveJob = {
      cancelRequested: false,
      shutdownRequested: false,
      lost: false,
      trainer: null,
    };
    const holds = async (): Promise<void> => {
      if (job.lost || (request.holds && !(await request.holds()))) {
        job.lost = true;
        throw new JobLostError(jobId);
      }
    };
    const checkpoints: Pick<CheckpointUploader, 'upload'> = {
      upload: async (...args) => {
        await holds();
        return this.checkpoints.upload(...args);
      },
    };
    this.active.set(jobId, job);
    const events = this.publisher.openRun({ jobId, workerId: this.workerId, attempt });
    const log = this.logger.child({ jobId, attempt, runId: events.ids.runId });
    let gpus: number[] = [];
    try {
      let prepared: PreparedWorkspace;
      try {
        prepared = await this.workspace.prepare(data);
      } catch (error) {
        throw this.preparationFailure(error);
      }
      if (job.cancelRequested)
        return await this.finishCancelled(events, prepared, prepared.restoredStep);
      if (job.shutdownRequested) throw new JobFailure('the worker is shutting down', true);

      const wanted = data.spec.resources?.gpus ?? data.spec.parallelism?.processes ?? 1;
      const acquired = this.gpus.acquire(wanted);
      if (!acquired) throw new JobFailure(`${wanted} GPU(s) are not free on this worker`, true);
      gpus = acquired;

      log.info({ gpus, restoredStep: prepared.restoredStep }, 'starting the trainer');
      const trainer = await this.launcher.launch({
        jobId,
        cwd: prepared.dir,
        specFile: prepared.specFile,
        gpus,
      });
      job.trainer = trainer;
      if (job.lost) trainer.terminate(0);
      else if (job.cancelRequested || job.shutdownRequested) trainer.terminate(this.cancelGraceMs);

      let result: FollowResult;
      try {
        result = await followTrainer(trainer, prepared, events, checkpoints, log);
      } catch (error) {
        // e.g. the store refused a checkpoint: never leave a trainer running without its worker
        trainer.terminate(job.lost ? 0 : this.cancelGraceMs);
        await trainer.exited;
        throw error;
      }
      const exit = await trainer.exited;
      if (job.lost) throw new JobLostError(jobId);
      log.info({ code: exit.code, signal: exit.signal }, 'trainer exited');
      if (exit.code !== 0 && exit.stderrTail.length) {
        log.warn({ stderr: exit.stderrTail.slice(-10) }, 'the last lines of the trainer stderr');
      }

      if (job.cancelRequested)
        return await this.finishCancelled(events, prepared, result.storedStep);
      if (exit.code === 0) {
        if (!result.completed) {
          throw new JobFailure('the trainer exited 0 without a completed event', false);
        }
        await holds();
        return await this.finishCompleted(events, prepared, result.completed, log);
      }
      const retryable = exitIsRetryable(exit);
      let reason = trainerFailureReason(exit, result.failed?.reason);
      if (job.shutdownRequested) reason = `the worker is shutting down: ${reason}`;
      throw new JobFailure(reason, retryable, result.failed?.field);
    } catch (error) {
      if (error instanceof JobLostError) {
        log.warn('the job was given to another worker; this run stops and stores nothing');
        throw error;
      }
      const failure = toJobFailure(error);
      log.warn({ reason: failure.message, retryable: failure.retryable }, 'job failed');
      try {
        await events.publish(this.failedEvent(failure));
      } catch (publishError) {
        log.error({ err: publishError }, 'could not publish the failed event');
      }
      throw failure;
    } finally {
      this.gpus.release(gpus);
      this.active.delete(jobId);
    }
  }

  private async finishCompleted(
    events: JobEventRun,
    prepared: PreparedWorkspace,
    completed: CompletedEvent,
    log: Logger,
  ): Promise<JobOutcome> {
    const { key, local } = prepared.plan.output;
    requireUnderJobPrefix(prepared.plan.spec.jobId, key, 'spec.output.dir');
    const stored = await this.fetcher.uploadDirectory(key, path.join(prepared.dir, local));
    const problems = compareFiles(completed.manifest.files, stored);
    if (problems.length) {
      throw new JobFailure(
        `the stored output differs from its manifest: ${problems.join('; ')}`,
        true,
      );
    }
    await events.publish(completed);
    log.info({ key, files: stored.length }, 'job completed');
    await rm(prepared.dir, { recursive: true, force: true });
    return { completed: true, outputKey: key, files: stored.length };
  }

  private async finishCancelled(
    events: JobEventRun,
    prepared: PreparedWorkspace,
    step: number | null,
  ): Promise<JobOutcome> {
    const event: CancelledEvent = { type: 'cancelled', time: new Date().toISOString() };
    if (step !== null) event.step = step;
    await events.publish(event);
    await rm(prepared.dir, { recursive: true, force: true });
    return step === null ? { cancelled: true } : { cancelled: true, step };
  }

  private preparationFailure(error: unknown): JobFailure {
    if (error instanceof InvalidJobError) return new JobFailure(error.message, false, error.field);
    if (error instanceof InputIntegrityError || error instanceof InvalidArtifactKeyError) {
      return new JobFailure(error.message, false);
    }
    // I/O trouble with the store or the disk may pass.
    const message = error instanceof Error ? error.message : String(error);
    return new JobFailure(`preparing the work directory failed: ${message}`, true);
  }

  private failedEvent(failure: JobFailure): FailedEvent {
    const event: FailedEvent = {
      type: 'failed',
      time: new Date().toISOString(),
      reason: publicReason(failure.message),
      retryable: failure.retryable,
    };
    if (failure.field) event.field = failure.field;
    return event;
  }
}
