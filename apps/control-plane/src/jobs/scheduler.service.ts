import { type TrainingJobData, WORKER_TIMEOUT_MS } from '@alloy/contracts';
import { JobEntity, WorkerEntity } from '@alloy/db';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isOnline } from '../workers/workers.service';
import { JobPlanner } from './job-planner';
import { JobQueues } from './job-queues';
import { transition } from './job-transitions';
import { unschedulableReason, whyCannotHold } from './worker-fit';

interface Dispatch {
  workerId: string;
  data: TrainingJobData;
  attempts: number;
}

/**
 * Places queued jobs on workers that can hold them and keeps Redis in line with PostgreSQL:
 * a job whose queue entry vanished (Redis lost) is added again; a job on a worker that stopped
 * heartbeating goes back to the queue for another worker.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('scheduler');
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private ticks = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly planner: JobPlanner,
    private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.jobs.schedulerIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.current;
  }

  /** One pass; overlapping calls share the pass in flight. */
  tick(): Promise<void> {
    this.current ??= this.pass().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private async pass(): Promise<void> {
    try {
      this.ticks += 1;
      await this.placeQueued();
      if (this.ticks % 5 === 1) await this.reconcile();
    } catch (error) {
      this.logger.error(
        `scheduler pass failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async load(manager: EntityManager): Promise<Map<string, number>> {
    const rows = await manager
      .createQueryBuilder(JobEntity, 'j')
      .select('j.worker_id', 'worker')
      .addSelect('count(*)::int', 'n')
      .where("j.status IN ('scheduled', 'running') AND j.worker_id IS NOT NULL")
      .groupBy('j.worker_id')
      .getRawMany<{ worker: string; n: number }>();
    return new Map(rows.map((r) => [r.worker, Number(r.n)]));
  }

  private async placeQueued(): Promise<void> {
    const dispatches: Dispatch[] = [];
    await this.dataSource.transaction(async (manager) => {
      const queued = await manager
        .createQueryBuilder(JobEntity, 'j')
        .innerJoinAndSelect('j.model', 'm')
        .setLock('pessimistic_write', undefined, ['j'])
        .setOnLocked('skip_locked')
        .where("j.status = 'queued'")
        .orderBy('j.created_at', 'ASC')
        .limit(50)
        .getMany();
      if (!queued.length) return;
      const workers = await manager.find(WorkerEntity);
      const load = await this.load(manager);
      const now = Date.now();
      for (const job of queued) {
        if (job.dependsOnJobId) {
          const previous = await manager.findOneByOrFail(JobEntity, { id: job.dependsOnJobId });
          if (previous.status === 'failed' || previous.status === 'cancelled') {
            await transition(
              manager,
              job,
              'cancelled',
              `the previous pipeline step ${previous.status}`,
              { finishedAt: new Date() },
            );
            continue;
          }
          if (previous.status !== 'succeeded') continue;
          // The step starts from what the previous step produced (an evaluation produces no version).
          job.baseVersionId = previous.resultVersionId ?? previous.baseVersionId;
        }
        const reason = unschedulableReason(workers, job);
        if (reason) {
          if (reason !== job.unschedulableReason)
            await manager.update(JobEntity, { id: job.id }, { unschedulableReason: reason });
          continue;
        }
        const candidates = workers
          .filter(
            (w) =>
              !whyCannotHold(w, job) &&
              isOnline(w, now) &&
              !w.cordoned &&
              (load.get(w.id) ?? 0) < w.maxConcurrentJobs,
          )
          .sort(
            (a, b) =>
              (load.get(a.id) ?? 0) / a.maxConcurrentJobs -
              (load.get(b.id) ?? 0) / b.maxConcurrentJobs,
          );
        const worker = candidates[0];
        if (!worker) {
          if (job.unschedulableReason)
            await manager.update(JobEntity, { id: job.id }, { unschedulableReason: null });
          continue;
        }
        load.set(worker.id, (load.get(worker.id) ?? 0) + 1);
        const data = await this.planner.trainingData(manager, job);
        await transition(manager, job, 'scheduled', `placed on worker ${worker.id}`, {
          workerId: worker.id,
          baseVersionId: job.baseVersionId,
          spec: data.spec as never,
          unschedulableReason: null,
        });
        dispatches.push({ workerId: worker.id, data, attempts: job.maxAttempts });
      }
    });
    for (const d of dispatches) {
      // A failure here leaves the job `scheduled` without a queue entry; reconcile adds it again.
      await this.queues.dispatch(d.workerId, d.data, d.attempts).catch((error: unknown) => {
        this.logger.warn(
          `dispatch of ${d.data.jobId} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
  }

  /** Re-enqueues what Redis lost and takes jobs back from workers that stopped heartbeating. */
  async reconcile(): Promise<void> {
    const active = await this.dataSource
      .getRepository(JobEntity)
      .find({ where: { status: In(['scheduled', 'running']) } });
    if (!active.length) return;
    const workers = new Map(
      (await this.dataSource.getRepository(WorkerEntity).find()).map((w) => [w.id, w]),
    );
    const now = Date.now();
    for (const job of active) {
      const worker = job.workerId ? workers.get(job.workerId) : undefined;
      if (!worker || !isOnline(worker, now)) {
        await this.takeBack(job, worker?.id ?? job.workerId ?? 'unknown');
        continue;
      }
      const entry = await this.queues.queue(worker.id).getJob(job.id);
      const stale = now - job.updatedAt.getTime() > WORKER_TIMEOUT_MS;
      if (!entry && (job.status === 'scheduled' || stale)) {
        const data = await this.planner.trainingData(this.dataSource.manager, job);
        this.logger.warn(
          `job ${job.id} is missing from Redis; adding it to ${worker.id}'s queue again`,
        );
        await this.queues.dispatch(worker.id, data, job.maxAttempts);
      }
    }
  }

  private async takeBack(job: JobEntity, workerId: string): Promise<void> {
    // PostgreSQL decides: the lost worker's entry goes once its lock has expired. Until then the
    // worker may still be alive and running the job, so it keeps it; a later pass looks again.
    const released = job.workerId
      ? await this.queues.release(job.workerId, job.id).catch(() => true)
      : true;
    if (!released) return;
    await this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOne(JobEntity, {
        where: { id: job.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!locked || (locked.status !== 'scheduled' && locked.status !== 'running')) return;
      if (locked.cancelRequestedAt) {
        await transition(
          manager,
          locked,
          'cancelled',
          `worker ${workerId} was lost while cancelling`,
          { finishedAt: new Date() },
        );
      } else {
        await transition(
          manager,
          locked,
          'queued',
          `worker ${workerId} stopped heartbeating; rescheduling`,
          { workerId: null },
        );
      }
    });
  }
}
