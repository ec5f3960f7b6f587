import { hostname } from 'node:os';
import {
  type CompletedEvent,
  JOB_EVENTS_GROUP,
  type JobEventMessage,
  redisKeys,
  type WorkerJobEvent,
} from '@alloy/contracts';
import { JobEntity, JobEventEntity, JobMetricEntity } from '@alloy/db';
import { redactFilesystemPaths } from '@alloy/runtime';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { isDatabaseUnavailable } from '../common/errors/postgres-errors';
import { APP_CONFIG } from '../config/config.module';
import {
  BATCHABLE_TYPES,
  eventRow,
  metricRow,
  JobEventsBatchWriter,
  type ParsedEvent,
  parseEventMessage,
} from './job-events.batch-writer';
import { JobCompletionService, type PreparedResult } from './job-completion.service';
import { JobEventGate } from './job-events.gate';
import { transition } from './job-transitions';
import { SchedulerService } from './scheduler.service';

type StreamEntries = [id: string, fields: string[]][];
const MAX_ATTEMPTS = 5;
/**
 * Entries another consumer read and has not acknowledged for this long are taken over: that
 * consumer is a control plane that was killed between reading and acknowledging (its name, host
 * and pid, never comes back). Well above the time a live consumer spends on one read.
 */
export const CLAIM_IDLE_MS = 30_000;
/** How often the stream is searched for such entries. */
const CLAIM_EVERY_MS = 5_000;
/** How long to wait before asking PostgreSQL again while it is unavailable. */
const DATABASE_RETRY_MS = 1_000;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

function toMessage(fields: string[]): Partial<JobEventMessage> {
  const message: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) message[fields[i]] = fields[i + 1]!;
  return message;
}

/**
 * Reads worker events from the Redis stream (consumer group, at-least-once) and stores each once:
 * (job, run, seq) is unique, metric points are unique per (job, step). Status changes and model
 * version registration happen in the same transaction as the event row; the entry is acknowledged
 * only after commit, so a crash replays it and the unique keys drop the repeat.
 */
@Injectable()
export class JobEventsIngestor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('job-events');
  private readonly redis: Redis;
  private readonly stream: string;
  private readonly consumer = `${hostname()}-${process.pid}`;
  private stopping = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly completion: JobCompletionService,
    private readonly batches: JobEventsBatchWriter,
    private readonly scheduler: SchedulerService,
    private readonly gate: JobEventGate,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // A connection of its own: XREADGROUP blocks it.
    this.redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    this.redis.on('error', () => undefined);
    this.stream = redisKeys(config.redis.namespace).eventsStream;
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.loop;
    this.redis.disconnect();
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.stream, JOB_EVENTS_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  /**
   * Takes over the entries a dead consumer left read but unacknowledged; without this they would
   * stay pending under its name for good, and their events would never be stored.
   */
  private async claimAbandoned(): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = (await this.redis.xautoclaim(
        this.stream,
        JOB_EVENTS_GROUP,
        this.consumer,
        CLAIM_IDLE_MS,
        cursor,
        'COUNT',
        100,
      )) as [string, StreamEntries];
      // An entry trimmed from the stream meanwhile comes back without fields: nothing to store.
      const live = entries.filter(([, fields]) => Array.isArray(fields));
      if (live.length > 0) {
        this.logger.warn(`took over ${live.length} event(s) a stopped control plane had read`);
        await this.process(live);
      }
      cursor = next;
    } while (cursor !== '0-0' && !this.stopping);
  }

  private async run(): Promise<void> {
    let pendingFirst = true;
    let lastClaim = 0;
    while (!this.stopping) {
      try {
        await this.ensureGroup();
        if (Date.now() - lastClaim >= CLAIM_EVERY_MS) {
          lastClaim = Date.now();
          await this.claimAbandoned();
        }
        // After a restart, first finish what this consumer had read but not acknowledged.
        const reply = (await this.redis.xreadgroup(
          'GROUP',
          JOB_EVENTS_GROUP,
          this.consumer,
          'COUNT',
          100,
          'BLOCK',
          pendingFirst ? 1 : 1000,
          'STREAMS',
          this.stream,
          pendingFirst ? '0' : '>',
        )) as [string, StreamEntries][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (pendingFirst && entries.length === 0) pendingFirst = false;
        await this.process(entries);
      } catch (error) {
        if (this.stopping) break;
        this.logger.warn(
          `event ingestion: ${error instanceof Error ? error.message : String(error)}`,
        );
        pendingFirst = true;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Entries the gate accepts; the others are acknowledged (dropped) at once. */
  private async admit(entries: StreamEntries): Promise<StreamEntries> {
    const parsed = new Map<string, ParsedEvent>();
    for (const [id, fields] of entries) {
      const message = toMessage(fields);
      const event = this.gate.check(message) === null ? parseEventMessage(message) : null;
      if (event) parsed.set(id, event);
    }
    const assigned = await this.gate.assigned([...parsed.values()]);
    const admitted = entries.filter(([id]) => assigned.has(parsed.get(id)!));
    const refused = entries.filter(([id]) => !assigned.has(parsed.get(id)!)).map(([id]) => id);
    if (refused.length > 0) await this.redis.xack(this.stream, JOB_EVENTS_GROUP, ...refused);
    return admitted;
  }

  /** Runs of status-neutral events go to the database in one transaction; the rest one by one. */
  private async process(all: StreamEntries): Promise<void> {
    const entries = await this.admit(all);
    let i = 0;
    while (i < entries.length) {
      const [id, fields] = entries[i];
      const parsed = parseEventMessage(toMessage(fields));
      if (!parsed || !BATCHABLE_TYPES.has(parsed.event.type)) {
        await this.handleOnce(id, toMessage(fields));
        await this.redis.xack(this.stream, JOB_EVENTS_GROUP, id);
        // A job that ended frees its worker: place the next one now, not at the next tick.
        if (parsed && parsed.event.type !== 'started') void this.scheduler.tick();
        i += 1;
        continue;
      }
      const run: { id: string; event: ParsedEvent }[] = [];
      while (i < entries.length) {
        const [nextId, nextFields] = entries[i];
        const next = parseEventMessage(toMessage(nextFields));
        if (!next || !BATCHABLE_TYPES.has(next.event.type)) break;
        run.push({ id: nextId, event: next });
        i += 1;
      }
      try {
        await this.batches.write(run.map((r) => r.event));
      } catch {
        // One bad entry must not sink its neighbours: fall back to one transaction each.
        for (const r of run)
          await this.handleOnce(r.id, toMessage(entries.find(([eid]) => eid === r.id)![1]));
      }
      await this.redis.xack(this.stream, JOB_EVENTS_GROUP, ...run.map((r) => r.id));
    }
  }

  /**
   * Handles an entry. While PostgreSQL is unavailable it waits, however long that takes: the entry
   * is fine and must not be dropped (on shutdown it stays unacknowledged, for the next start). Any
   * other failure is retried a few times, then the entry is logged and dropped so that one bad
   * entry never stops the stream behind it.
   */
  private async handleOnce(id: string, message: Partial<JobEventMessage>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.handle(message);
        return;
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          if (this.stopping) throw error;
          attempt -= 1;
          await new Promise((r) => setTimeout(r, DATABASE_RETRY_MS));
          continue;
        }
        if (attempt >= MAX_ATTEMPTS || this.stopping) {
          this.logger.error(
            `dropping stream entry ${id} for job ${message.jobId}: ${error instanceof Error ? error.message : String(error)}`,
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  /** Stores one event and applies its effect. Malformed messages are logged and dropped. */
  async handle(message: Partial<JobEventMessage>): Promise<void> {
    const parsed = parseEventMessage(message);
    if (!parsed) {
      this.logger.warn(`dropping a malformed event for job ${message.jobId}`);
      return;
    }
    const { jobId, runId, workerId, seq, attempt, event } = parsed;
    const job = await this.dataSource.getRepository(JobEntity).findOneBy({ id: jobId });
    if (!job) return;
    let prepared: PreparedResult | null = null;
    let preparationError: string | null = null;
    if (event.type === 'completed') {
      prepared = await this.completion.prepare(job, event).catch((error: unknown) => {
        // PostgreSQL out of reach says nothing about the result: try the entry again later
        if (isDatabaseUnavailable(error)) throw error;
        // shown as the job's failure reason: e.g. a store error names no path on this host
        preparationError = redactFilesystemPaths(
          error instanceof Error ? error.message : String(error),
        );
        return null;
      });
    }
    try {
      await this.store(jobId, runId, seq, attempt, workerId, event, prepared, preparationError);
    } catch (error) {
      if (event.type !== 'completed' || isDatabaseUnavailable(error)) throw error;
      // The result could not be registered (e.g. the model was archived meanwhile): the job fails
      // with the reason instead of the event being retried forever.
      const reason = redactFilesystemPaths(
        `could not register the result: ${error instanceof Error ? error.message : String(error)}`,
      );
      await this.store(jobId, runId, seq, attempt, workerId, event, null, reason);
    }
  }

  private async store(
    jobId: string,
    runId: string,
    seq: number,
    attempt: number,
    workerId: string,
    event: WorkerJobEvent,
    prepared: PreparedResult | null,
    preparationError: string | null,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(JobEntity, {
        where: { id: jobId },
        lock: { mode: 'pessimistic_write' },
      });
      // The gate read the assignment before this transaction; the scheduler may have taken the job
      // from this worker since (it stopped heartbeating). Under the job's lock that decision holds:
      // the lost worker's late report changes nothing.
      if (locked.workerId !== workerId) {
        this.logger.warn(
          `refused an event for job ${jobId} from ${workerId}: no longer its worker`,
        );
        return;
      }
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(JobEventEntity)
        .values(eventRow({ jobId, runId, seq, attempt, workerId, event }))
        .orIgnore()
        .returning(['position'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return; // delivered before: already applied
      await this.apply(manager, locked, event, { attempt, workerId, prepared, preparationError });
    });
  }

  private async apply(
    manager: EntityManager,
    job: JobEntity,
    event: WorkerJobEvent,
    ctx: {
      attempt: number;
      workerId: string;
      prepared: PreparedResult | null;
      preparationError: string | null;
    },
  ): Promise<void> {
    if (event.type === 'metrics') {
      await manager
        .createQueryBuilder()
        .insert()
        .into(JobMetricEntity)
        .values(metricRow(job.id, event))
        .orIgnore()
        .execute();
      return;
    }
    if (event.type === 'checkpoint') {
      await manager.update(JobEntity, { id: job.id }, { lastCheckpointStep: event.step });
      return;
    }
    if (FINISHED.has(job.status) || event.type === 'log') return;
    switch (event.type) {
      case 'started':
        await transition(
          manager,
          job,
          'running',
          `attempt ${ctx.attempt} started on ${ctx.workerId}`,
          {
            attempts: Math.max(job.attempts + (job.status === 'running' ? 0 : 1), ctx.attempt),
            workerId: ctx.workerId,
            startedAt: job.startedAt ?? new Date(event.time),
          },
        );
        return;
      case 'completed':
        await this.complete(manager, job, event, ctx.prepared, ctx.preparationError);
        return;
      case 'failed':
        if (event.retryable && ctx.attempt < job.maxAttempts && !job.cancelRequestedAt) {
          await transition(
            manager,
            job,
            'scheduled',
            `attempt ${ctx.attempt} failed and will be retried: ${event.reason}`,
          );
        } else {
          await transition(manager, job, 'failed', event.reason, {
            failureReason: event.reason,
            finishedAt: new Date(),
          });
        }
        return;
      case 'cancelled':
        await transition(manager, job, 'cancelled', 'the worker stopped the trainer', {
          finishedAt: new Date(),
          lastCheckpointStep: event.step ?? job.lastCheckpointStep,
        });
        return;
    }
  }

  private async complete(
    manager: EntityManager,
    job: JobEntity,
    event: CompletedEvent,
    prepared: PreparedResult | null,
    preparationError: string | null,
  ): Promise<void> {
    if (preparationError) {
      await transition(manager, job, 'failed', preparationError, {
        failureReason: preparationError,
        finishedAt: new Date(),
      });
      return;
    }
    const versionId = await this.completion.register(manager, job, event, prepared);
    await transition(
      manager,
      job,
      'succeeded',
      versionId ? `registered version ${versionId}` : 'evaluation recorded',
      {
        resultVersionId: versionId,
        finishedAt: new Date(),
      },
    );
  }
}
