import { type JobControlMessage, redisKeys } from '@alloy/contracts';
import { FINISHED_JOB_STATUSES, JobEntity, JobTransitionEntity, type ModelEntity } from '@alloy/db';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { paginate } from '../common/pagination/cursor-page';
import { REDIS } from '../common/redis/redis.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ModelVersionsService } from '../model-versions/model-versions.service';
import { ModelsService } from '../models/models.service';
import type { CreateJobDto, CreatePipelineDto } from './dto/create-job.dto';
import { JobDto, type JobPageDto, type PipelineDto } from './dto/job.dto';
import type { ListJobsQuery } from './dto/list-jobs.query';
import { JobPlanner, type PlannedJob, trainsOn } from './job-planner';
import { PipelineEvaluationPlanner } from './pipeline-evaluation';
import { JobQueues } from './job-queues';
import { recordCreated, transition } from './job-transitions';
import { JobErrorCode } from './jobs.errors';
import { randomUUID } from 'node:crypto';
import { isUuid } from '../common/http/ids';

@Injectable()
export class JobsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly models: ModelsService,
    private readonly versions: ModelVersionsService,
    private readonly planner: JobPlanner,
    private readonly pipelineEvaluation: PipelineEvaluationPlanner,
    private readonly queues: JobQueues,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async checkBaseVersion(
    manager: EntityManager,
    id: string | undefined,
    field: string,
  ): Promise<void> {
    if (!id) return;
    const version = await this.versions.findEntityById(id, manager).catch(() => null);
    if (!version) {
      throw new ApiError(
        HttpStatus.NOT_FOUND,
        JobErrorCode.BASE_VERSION_NOT_FOUND,
        `${field}: version "${id}" not found`,
        [{ field, message: 'not found' }],
      );
    }
    if (version.status !== 'ready') {
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        JobErrorCode.BASE_VERSION_NOT_READY,
        `${field}: version ${version.version} of ${version.model?.name} is ${version.status}, not ready`,
        [{ field, message: `version is ${version.status}, not ready` }],
      );
    }
  }

  private async insertJob(
    manager: EntityManager,
    ctx: RequestContext,
    model: ModelEntity,
    planned: PlannedJob,
    links: {
      baseVersionId: string | null;
      pipelineId: string | null;
      dependsOnJobId: string | null;
    },
  ): Promise<JobEntity> {
    const job = manager.create(JobEntity, {
      organizationId: model.organizationId,
      modelId: model.id,
      ...planned,
      ...links,
      status: 'queued',
    });
    await manager.save(job);
    job.model = model;
    await recordCreated(
      manager,
      job,
      links.dependsOnJobId ? 'waiting for the previous pipeline step' : 'created',
    );
    await this.audit.record(manager, ctx, {
      action: 'job.create',
      entityType: 'job',
      entityId: job.id,
      after: { ...job, model: model.name },
    });
    return job;
  }

  async create(ctx: RequestContext, input: CreateJobDto): Promise<JobDto> {
    const { model: modelName, baseVersionId, ...step } = input;
    return this.dataSource.transaction(async (manager) => {
      const model = await this.models.findEntity(modelName, manager);
      await this.checkBaseVersion(manager, baseVersionId, 'baseVersionId');
      const planned = await this.planner.plan(manager, step, '', this.config.jobs.maxAttempts);
      const job = await this.insertJob(manager, ctx, model, planned, {
        baseVersionId: baseVersionId ?? null,
        pipelineId: null,
        dependsOnJobId: null,
      });
      return JobDto.from(job, await manager.findBy(JobTransitionEntity, { jobId: job.id }));
    });
  }

  /**
   * A chain of jobs; each starts from the version the previous one produces (the scheduler waits).
   * With evaluation on (the default), an evaluate job measures the start (unless it was measured on
   * the same datasets before) and the version of every training step; those jobs branch off the
   * chain, so a failed evaluation does not stop the training after it.
   */
  async createPipeline(ctx: RequestContext, input: CreatePipelineDto): Promise<PipelineDto> {
    if (input.steps.length === 0)
      throw ApiError.validation([{ field: 'steps', message: 'needs at least one step' }]);
    const maxAttempts = this.config.jobs.maxAttempts;
    return this.dataSource.transaction(async (manager) => {
      const model = await this.models.findEntity(input.model, manager);
      await this.checkBaseVersion(manager, input.baseVersionId, 'baseVersionId');
      const planned: PlannedJob[] = [];
      for (const [i, step] of input.steps.entries())
        planned.push(await this.planner.plan(manager, step, `steps.${i}.`, maxAttempts));
      const evalData =
        input.evaluate === false
          ? null
          : await this.pipelineEvaluation.datasets(manager, model, input);
      const evaluationOf = (i: number) =>
        evalData && trainsOn(input.steps[i].kind)
          ? this.pipelineEvaluation.plan(manager, evalData, input.steps[i], maxAttempts)
          : null;
      const pipelineId = randomUUID();
      const start = input.baseVersionId ?? null;
      const jobs: JobEntity[] = [];
      const insert = (job: PlannedJob, baseVersionId: string | null, dependsOn: JobEntity | null) =>
        this.insertJob(manager, ctx, model, job, {
          baseVersionId,
          pipelineId,
          dependsOnJobId: dependsOn?.id ?? null,
        }).then((inserted) => (jobs.push(inserted), inserted));
      // Pretraining from scratch starts from no weights: nothing to measure before it.
      const startEval = start || input.steps[0].kind !== 'pretrain' ? await evaluationOf(0) : null;
      if (
        startEval &&
        !(await this.pipelineEvaluation.startEvaluated(manager, model, start, startEval))
      )
        await insert(startEval, start, null);
      let previous: JobEntity | null = null;
      for (const [i, job] of planned.entries()) {
        const trained: JobEntity = await insert(job, previous ? null : start, previous);
        const evaluation = await evaluationOf(i);
        if (evaluation) await insert(evaluation, null, trained);
        previous = trained;
      }
      return { id: pipelineId, jobs: jobs.map((j) => JobDto.from(j)) };
    });
  }

  async getPipeline(id: string): Promise<PipelineDto> {
    const jobs = isUuid(id)
      ? await this.dataSource.getRepository(JobEntity).find({
          where: { pipelineId: id, organizationId: await this.models.findOrgId() },
          relations: { model: true },
          order: { createdAt: 'ASC' },
        })
      : [];
    if (!jobs.length) throw ApiError.notFound('pipeline', id);
    return { id, jobs: jobs.map((j) => JobDto.from(j)) };
  }

  async list(query: ListJobsQuery): Promise<JobPageDto> {
    const qb = this.dataSource
      .getRepository(JobEntity)
      .createQueryBuilder('j')
      .innerJoinAndSelect('j.model', 'm')
      .where('j.organization_id = :org', { org: await this.models.findOrgId() });
    if (query.status) qb.andWhere('j.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('j.kind = :kind', { kind: query.kind });
    if (query.model) qb.andWhere('m.name = :model', { model: query.model });
    if (query.worker) qb.andWhere('j.worker_id = :worker', { worker: query.worker });
    if (query.pipeline) qb.andWhere('j.pipeline_id = :pipeline', { pipeline: query.pipeline });
    const page = await paginate(qb, query, {
      createdAt: { sql: 'j.created_at', value: (j) => j.createdAt.toISOString() },
    });
    return { items: page.items.map((j) => JobDto.from(j)), nextCursor: page.nextCursor };
  }

  async findEntity(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<JobEntity> {
    const job = isUuid(id)
      ? await manager.findOne(JobEntity, {
          where: { id },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!job || job.organizationId !== (await this.models.findOrgId()))
      throw ApiError.notFound('job', id, JobErrorCode.JOB_NOT_FOUND);
    return job;
  }

  async get(id: string): Promise<JobDto> {
    await this.findEntity(id);
    const job = await this.dataSource
      .getRepository(JobEntity)
      .findOneOrFail({ where: { id }, relations: { model: true } });
    const transitions = await this.dataSource
      .getRepository(JobTransitionEntity)
      .find({ where: { jobId: id }, order: { seq: 'ASC' } });
    return JobDto.from(job, transitions);
  }

  /**
   * Queued jobs end at once; a job a worker may hold is withdrawn from its queue, or the worker is
   * told to stop (SIGTERM, checkpoint) and the job ends `cancelled` when it confirms.
   */
  async cancel(ctx: RequestContext, id: string): Promise<JobDto> {
    const notify = await this.dataSource.transaction(async (manager) => {
      const job = await this.findEntity(id, manager, true);
      if (FINISHED_JOB_STATUSES.includes(job.status)) {
        throw ApiError.conflict(`job is already ${job.status}`, JobErrorCode.JOB_FINISHED);
      }
      const withdrawn =
        job.status === 'queued' ||
        !job.workerId ||
        (await this.queues.withdraw(job.workerId, job.id));
      if (withdrawn) {
        await transition(manager, job, 'cancelled', `cancelled by ${ctx.actor}`, {
          finishedAt: new Date(),
          cancelRequestedAt: new Date(),
        });
      } else {
        await manager.update(JobEntity, { id }, { cancelRequestedAt: new Date() });
      }
      await this.audit.record(manager, ctx, {
        action: 'job.cancel',
        entityType: 'job',
        entityId: id,
        before: { status: job.status },
      });
      return !withdrawn;
    });
    if (notify) {
      const message: JobControlMessage = { type: 'cancel', jobId: id };
      await this.redis.publish(
        redisKeys(this.config.redis.namespace).controlChannel,
        JSON.stringify(message),
      );
    }
    return this.get(id);
  }

  /** A failed or cancelled job runs again; its checkpoints make it resume where it stopped. */
  async retry(ctx: RequestContext, id: string): Promise<JobDto> {
    await this.dataSource.transaction(async (manager) => {
      const job = await this.findEntity(id, manager, true);
      if (job.status !== 'failed' && job.status !== 'cancelled') {
        throw ApiError.conflict(
          `only failed or cancelled jobs can be retried; this one is ${job.status}`,
          JobErrorCode.JOB_NOT_RETRYABLE,
        );
      }
      await transition(manager, job, 'queued', `retried by ${ctx.actor}`, {
        failureReason: null,
        finishedAt: null,
        cancelRequestedAt: null,
        unschedulableReason: null,
        workerId: null,
      });
      await this.audit.record(manager, ctx, {
        action: 'job.retry',
        entityType: 'job',
        entityId: id,
      });
    });
    return this.get(id);
  }
}
