import {
  WORKER_ID_PATTERN,
  WORKER_PROTOCOL_VERSION,
  WORKER_TIMEOUT_MS,
  workerQueueName,
} from '@alloy/contracts';
import { WorkerEntity } from '@alloy/db';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { RegisterWorkerDto, WorkerHeartbeatDto } from './dto/register-worker.dto';
import { type WorkerAssignmentDto, WorkerDto } from './dto/worker.dto';
import { WorkerErrorCode } from './workers.errors';

export function isOnline(worker: WorkerEntity, now = Date.now()): boolean {
  return now - worker.lastHeartbeatAt.getTime() <= WORKER_TIMEOUT_MS;
}

@Injectable()
export class WorkersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private checkId(id: string): void {
    if (!WORKER_ID_PATTERN.test(id)) {
      throw ApiError.validation([
        { field: 'id', message: 'must be a lowercase slug (a-z, 0-9, "-"), at most 63 characters' },
      ]);
    }
  }

  private assignment(w: WorkerEntity): WorkerAssignmentDto {
    return {
      workerId: w.id,
      queue: workerQueueName(w.id),
      cordoned: w.cordoned,
      draining: w.draining,
    };
  }

  private checkNamespace(given: string): void {
    const namespace = this.config.redis.namespace;
    if (given !== namespace) {
      throw ApiError.conflict(
        `redisNamespace: this worker uses Redis namespace "${given}" but this ` +
          `control plane uses "${namespace}"; set REDIS_NAMESPACE=${namespace} on the worker`,
        WorkerErrorCode.REDIS_NAMESPACE_MISMATCH,
      );
    }
  }

  async register(
    ctx: RequestContext,
    id: string,
    input: RegisterWorkerDto,
  ): Promise<WorkerAssignmentDto> {
    this.checkId(id);
    if (input.protocolVersion !== WORKER_PROTOCOL_VERSION) {
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        WorkerErrorCode.UNSUPPORTED_PROTOCOL,
        `protocolVersion: this control plane speaks worker protocol ${WORKER_PROTOCOL_VERSION}`,
      );
    }
    // Refused before it is recorded, so the scheduler never places a job on its queue.
    this.checkNamespace(input.redisNamespace);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(WorkerEntity, { id });
      const worker = manager.merge(WorkerEntity, existing ?? manager.create(WorkerEntity, { id }), {
        host: input.host,
        gpus: input.gpus,
        labels: input.labels,
        maxConcurrentJobs: input.maxConcurrentJobs,
        protocolVersion: input.protocolVersion,
        specVersions: input.specVersions,
        version: input.version,
        runningJobIds: existing?.runningJobIds ?? [],
        lastHeartbeatAt: new Date(),
      });
      await manager.save(worker);
      await this.audit.record(manager, ctx, {
        action: existing ? 'worker.reregister' : 'worker.register',
        entityType: 'worker',
        entityId: id,
        after: { host: input.host, gpus: input.gpus.length, labels: input.labels },
      });
      return this.assignment(worker);
    });
  }

  async heartbeat(id: string, input: WorkerHeartbeatDto): Promise<WorkerAssignmentDto> {
    this.checkId(id);
    // Not recorded either: the worker goes offline and its jobs are given to workers that can
    // read their queues (this control plane was restarted on another namespace).
    this.checkNamespace(input.redisNamespace);
    const repo = this.dataSource.getRepository(WorkerEntity);
    const result = await repo.update(
      { id },
      { gpus: input.gpus, runningJobIds: input.runningJobIds, lastHeartbeatAt: new Date() },
    );
    if (!result.affected) throw ApiError.notFound('worker', id, WorkerErrorCode.WORKER_NOT_FOUND);
    return this.assignment(await repo.findOneByOrFail({ id }));
  }

  async list(): Promise<WorkerDto[]> {
    const rows = await this.dataSource.getRepository(WorkerEntity).find({ order: { id: 'ASC' } });
    const now = Date.now();
    return rows.map((w) => WorkerDto.from(w, isOnline(w, now)));
  }

  async get(id: string): Promise<WorkerDto> {
    const worker = await this.dataSource.getRepository(WorkerEntity).findOneBy({ id });
    if (!worker) throw ApiError.notFound('worker', id, WorkerErrorCode.WORKER_NOT_FOUND);
    return WorkerDto.from(worker, isOnline(worker));
  }

  /** cordon: no new jobs; drain: cordon and ask the worker to exit after its jobs; uncordon: back in service. */
  async setState(
    ctx: RequestContext,
    id: string,
    action: 'cordon' | 'uncordon' | 'drain',
  ): Promise<WorkerDto> {
    return this.dataSource.transaction(async (manager) => {
      const worker = await manager.findOne(WorkerEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!worker) throw ApiError.notFound('worker', id, WorkerErrorCode.WORKER_NOT_FOUND);
      const before = { cordoned: worker.cordoned, draining: worker.draining };
      worker.cordoned = action !== 'uncordon';
      worker.draining = action === 'drain';
      await manager.save(worker);
      await this.audit.record(manager, ctx, {
        action: `worker.${action}`,
        entityType: 'worker',
        entityId: id,
        before,
        after: { cordoned: worker.cordoned, draining: worker.draining },
      });
      return WorkerDto.from(worker, isOnline(worker));
    });
  }
}
