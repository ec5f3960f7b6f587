import type { JobEventMessage, MetricsEvent, WorkerJobEvent } from '@alloy/contracts';
import { JobEntity, JobEventEntity, JobMetricEntity } from '@alloy/db';
import { redactFilesystemPaths } from '@alloy/runtime';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { isUuid } from '../common/http/ids';

/** Events that change no job status: many of them are stored in one transaction. */
export const BATCHABLE_TYPES = new Set(['metrics', 'log', 'checkpoint']);

export interface ParsedEvent {
  jobId: string;
  runId: string;
  workerId: string;
  seq: number;
  attempt: number;
  event: WorkerJobEvent;
}

/** A stream entry as a typed event, or null when it is malformed (it is then dropped). */
export function parseEventMessage(message: Partial<JobEventMessage>): ParsedEvent | null {
  let event: WorkerJobEvent;
  try {
    event = JSON.parse(message.event ?? '') as WorkerJobEvent;
  } catch {
    return null;
  }
  const { jobId, runId, workerId } = message;
  const seq = Number(message.seq);
  const attempt = Number(message.attempt ?? 1);
  if (
    !jobId ||
    !isUuid(jobId) ||
    !runId ||
    !workerId ||
    !Number.isInteger(seq) ||
    typeof event?.type !== 'string'
  ) {
    return null;
  }
  return { jobId, runId, workerId, seq, attempt, event: withoutFilesystemPaths(event) };
}

/** Text a worker sends is shown to API callers: it names no place on the worker's disk. */
function withoutFilesystemPaths(event: WorkerJobEvent): WorkerJobEvent {
  if (event.type === 'failed' && typeof event.reason === 'string') {
    return { ...event, reason: redactFilesystemPaths(event.reason) };
  }
  if (event.type === 'log' && typeof event.message === 'string') {
    return { ...event, message: redactFilesystemPaths(event.message) };
  }
  return event;
}

export function eventRow(e: ParsedEvent) {
  return {
    jobId: e.jobId,
    runId: e.runId,
    seq: e.seq,
    attempt: e.attempt,
    workerId: e.workerId,
    type: e.event.type,
    // jsonb column: TypeORM cannot type an open record here.
    payload: e.event as never,
    time: new Date(e.event.time ?? Date.now()),
  };
}

export function metricRow(jobId: string, event: MetricsEvent) {
  return {
    jobId,
    step: event.step,
    loss: event.loss,
    lr: event.lr ?? null,
    tokensPerSecond: event.tokensPerSecond ?? null,
    memoryBytes: event.memoryBytes ?? null,
    evalLoss: event.evalLoss ?? null,
    perplexity: event.perplexity ?? null,
    time: new Date(event.time),
  };
}

/**
 * Stores a run of metrics, log and checkpoint events in one transaction: the event rows (repeats
 * ignored), one metric point per (job, step), and the last checkpoint step of each job.
 */
@Injectable()
export class JobEventsBatchWriter {
  constructor(private readonly dataSource: DataSource) {}

  async write(events: ParsedEvent[]): Promise<void> {
    const jobIds = [...new Set(events.map((e) => e.jobId))];
    const known = new Set(
      (
        await this.dataSource
          .getRepository(JobEntity)
          .find({ select: { id: true }, where: { id: In(jobIds) } })
      ).map((j) => j.id),
    );
    const rows = events.filter((e) => known.has(e.jobId));
    if (!rows.length) return;
    await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(JobEventEntity)
        .values(rows.map(eventRow))
        .orIgnore()
        .returning(['jobId', 'runId', 'seq'])
        .execute();
      const inserted = new Set(
        (result.raw as { job_id: string; run_id: string; seq: number }[]).map(
          (r) => `${r.job_id}/${r.run_id}/${r.seq}`,
        ),
      );
      const fresh = rows.filter((e) => inserted.has(`${e.jobId}/${e.runId}/${e.seq}`));
      const metrics = fresh.flatMap((e) =>
        e.event.type === 'metrics' ? [metricRow(e.jobId, e.event)] : [],
      );
      if (metrics.length)
        await manager
          .createQueryBuilder()
          .insert()
          .into(JobMetricEntity)
          .values(metrics)
          .orIgnore()
          .execute();
      const checkpoints = new Map<string, number>();
      for (const e of fresh) {
        if (e.event.type === 'checkpoint')
          checkpoints.set(e.jobId, Math.max(checkpoints.get(e.jobId) ?? 0, e.event.step));
      }
      for (const [jobId, step] of checkpoints)
        await manager.update(JobEntity, { id: jobId }, { lastCheckpointStep: step });
    });
  }
}
