import {
  deriveWorkerSigningKey,
  type JobEventMessage,
  validateJobEvent,
  verifyEventMessage,
} from '@alloy/contracts';
import { JobEntity } from '@alloy/db';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource, In } from 'typeorm';
import { metricsRegistry } from '../common/metrics/metrics';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { ParsedEvent } from './job-events.batch-writer';

const rejected = new Counter({
  name: 'alloy_job_events_rejected_total',
  help: 'Job events refused by the control plane, by reason',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

/**
 * What an event must pass before it is stored: the signature of the worker it names (Redis is not
 * trusted to say who wrote it), the event schema, and the job's current assignment (a worker can
 * only report on the jobs placed on it; a worker that lost its job cannot finish it).
 */
@Injectable()
export class JobEventGate {
  private readonly logger = new Logger('job-events');
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Signature and schema: the reason to refuse the message, or null. */
  check(message: Partial<JobEventMessage>): string | null {
    const { jobId, workerId, attempt, runId, seq, event, signature } = message;
    if (!jobId || !workerId || !attempt || !runId || !seq || event === undefined)
      return this.refuse('malformed', message);
    let key = this.keys.get(workerId);
    if (!key) {
      key = deriveWorkerSigningKey(this.config.auth.signingSecret, workerId);
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(workerId, key);
    }
    const whole = { jobId, workerId, attempt, runId, seq, event };
    if (!verifyEventMessage(key, whole, signature)) return this.refuse('signature', message);
    let parsed: unknown;
    try {
      parsed = JSON.parse(event);
    } catch {
      return this.refuse('schema', message);
    }
    const type = (parsed as { type?: unknown } | null)?.type;
    // `cancelled` is the worker's own event, not the trainer's: its schema is the type and time.
    if (type !== 'cancelled' && !validateJobEvent(parsed).ok) return this.refuse('schema', message);
    return null;
  }

  /**
   * The events whose job is placed on the worker that sent them, from the job's current run; the
   * rest are refused. A run is superseded once a later run of the job has started (a worker that
   * was given up on, or a trainer launch that was replaced): what it still sends is stale.
   */
  async assigned(events: ParsedEvent[]): Promise<Set<ParsedEvent>> {
    const ids = [...new Set(events.map((e) => e.jobId))];
    const jobs = ids.length
      ? await this.dataSource
          .getRepository(JobEntity)
          .find({ select: { id: true, workerId: true }, where: { id: In(ids) } })
      : [];
    const placedOn = new Map(jobs.map((j) => [j.id, j.workerId]));
    const superseded = await this.supersededRuns(ids);
    const accepted = new Set<ParsedEvent>();
    for (const e of events) {
      const worker = placedOn.get(e.jobId);
      if (worker === undefined) this.refuse('unknown-job', e);
      else if (worker !== e.workerId) this.refuse('not-assigned', e);
      else if (superseded.has(`${e.jobId}/${e.runId}`)) this.refuse('superseded-run', e);
      else accepted.add(e);
    }
    return accepted;
  }

  /** `<job>/<run>` of every run that started before the latest run of its job. */
  private async supersededRuns(jobIds: string[]): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const rows = await this.dataSource.query<{ job_id: string; run_id: string }[]>(
      `SELECT job_id, run_id FROM (
         SELECT job_id, run_id, row_number() OVER (PARTITION BY job_id ORDER BY position DESC) AS n
         FROM job_events WHERE job_id = ANY($1) AND type = 'started'
       ) runs WHERE n > 1`,
      [jobIds],
    );
    return new Set(rows.map((r) => `${r.job_id}/${r.run_id}`));
  }

  private refuse(reason: string, m: { jobId?: string; workerId?: string }): string {
    rejected.inc({ reason });
    this.logger.warn(
      `refused an event (${reason}) for job ${String(m.jobId).slice(0, 64)} from worker ${String(m.workerId).slice(0, 64)}`,
    );
    return reason;
  }
}
