import { randomUUID } from 'node:crypto';
import { type JobEventMessage, signEventMessage, type WorkerJobEvent } from '@alloy/contracts';
import type { Redis } from 'ioredis';

/** The stream is a transport, not storage: the control plane stores events; keep about this many. */
export const JOB_EVENTS_MAXLEN = 1_000_000;

/** Wraps one event into the stream entry of the worker protocol. */
export function toJobEventMessage(
  event: WorkerJobEvent,
  ids: { jobId: string; workerId: string; attempt: number; runId: string; seq: number },
): JobEventMessage {
  return {
    jobId: ids.jobId,
    workerId: ids.workerId,
    attempt: String(ids.attempt),
    runId: ids.runId,
    seq: String(ids.seq),
    event: JSON.stringify(event),
  };
}

/** Appends a message to the stream (XADD ... MAXLEN ~ N *); gives the entry id. */
export class JobEventPublisher {
  constructor(
    private readonly redis: Redis,
    /** The installation's `redisKeys(namespace).eventsStream`. */
    private readonly stream: string,
    /** The worker's signing key: the control plane drops events it did not sign. */
    private readonly signingKey: () => string,
  ) {}

  async publish(message: JobEventMessage): Promise<string> {
    const fields: string[] = [];
    const signed = { ...message, signature: signEventMessage(this.signingKey(), message) };
    for (const [name, value] of Object.entries<string>(signed)) {
      fields.push(name, value);
    }
    const id = await this.redis.xadd(this.stream, 'MAXLEN', '~', JOB_EVENTS_MAXLEN, '*', ...fields);
    if (!id) throw new Error('XADD returned no id');
    return id;
  }

  /** One trainer launch: a fresh runId and a seq counting from 0, so redelivery is detectable. */
  openRun(ids: { jobId: string; workerId: string; attempt: number }): JobEventRun {
    return new JobEventRun(this, { ...ids, runId: randomUUID() });
  }
}

/** Publishes the events of one run in order. */
export class JobEventRun {
  private seq = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly publisher: JobEventPublisher,
    readonly ids: { jobId: string; workerId: string; attempt: number; runId: string },
  ) {}

  /** Queued behind earlier events, so the stream keeps the run's order whatever the caller awaits. */
  publish(event: WorkerJobEvent): Promise<string> {
    const message = toJobEventMessage(event, { ...this.ids, seq: this.seq++ });
    const next = this.chain.then(() => this.publisher.publish(message));
    this.chain = next.catch(() => undefined);
    return next;
  }
}
