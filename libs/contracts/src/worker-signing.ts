import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JobEventMessage, TrainingJobData } from './worker-protocol';

/**
 * Redis carries job payloads and events, but is not trusted with them: each worker has its own
 * signing key, derived by the control plane from a secret Redis never sees and handed to the
 * worker when it exchanges its join token. The control plane signs what it queues for a worker;
 * the worker signs every event it appends. A forged entry fails verification and is dropped.
 */

/** The signing key of one worker (base64url), derived from the control plane's signing secret. */
export function deriveWorkerSigningKey(signingSecret: string, workerId: string): string {
  return createHmac('sha256', signingSecret)
    .update(`alloy-worker-key\n${workerId}`)
    .digest('base64url');
}

function mac(key: string, purpose: string, text: string): string {
  return createHmac('sha256', Buffer.from(key, 'base64url'))
    .update(`${purpose}\n${text}`)
    .digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A queued training job with the control plane's signature over everything else in it. */
export type SignedTrainingJobData = TrainingJobData & { signature: string };

export function signJobData(key: string, data: TrainingJobData): SignedTrainingJobData {
  return { ...data, signature: mac(key, 'job', JSON.stringify(data)) };
}

/**
 * The job data without its signature when the signature holds, else null. BullMQ hands back the
 * data parsed from the JSON it stored, in the same key order, so re-serialising gives the same text.
 */
export function verifyJobData(key: string, data: unknown): TrainingJobData | null {
  if (!data || typeof data !== 'object') return null;
  const { signature, ...rest } = data as Record<string, unknown>;
  if (typeof signature !== 'string') return null;
  return same(signature, mac(key, 'job', JSON.stringify(rest)))
    ? (rest as unknown as TrainingJobData)
    : null;
}

const EVENT_FIELDS = ['jobId', 'workerId', 'attempt', 'runId', 'seq', 'event'] as const;

function eventText(message: JobEventMessage): string {
  return EVENT_FIELDS.map((f) => message[f]).join('\n');
}

export function signEventMessage(key: string, message: JobEventMessage): string {
  return mac(key, 'event', eventText(message));
}

export function verifyEventMessage(
  key: string,
  message: JobEventMessage,
  signature: string | undefined,
): boolean {
  return typeof signature === 'string' && same(signature, signEventMessage(key, message));
}
