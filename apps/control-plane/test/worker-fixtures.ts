import { deriveWorkerSigningKey, type JobEventMessage, signEventMessage } from '@alloy/contracts';
import type { Redis } from 'ioredis';
import { inject } from 'vitest';
import { api, type Harness } from './control-plane-harness';

const joined = new Map<string, { client: ReturnType<typeof api>; signingKey: string }>();

/**
 * A worker with no process behind it, as the worker protocol has it: an admin creates a join
 * token, the worker exchanges it for its own credential. Cached per id (a second join would
 * revoke the first credential).
 */
export async function joinWorker(
  h: Harness,
  workerId: string,
): Promise<{ client: ReturnType<typeof api>; signingKey: string; token: string }> {
  const cached = joined.get(`${h.baseUrl} ${workerId}`);
  if (cached) return { ...cached, token: '' };
  const join = await api(h).post('/api/v1/worker-tokens', { name: `test ${workerId}` });
  if (join.status !== 201)
    throw new Error(`worker token: ${join.status} ${JSON.stringify(join.body)}`);
  const credential = await api(h, join.body.token).post(`/api/v1/workers/${workerId}/credentials`);
  if (credential.status !== 201)
    throw new Error(`credential: ${credential.status} ${JSON.stringify(credential.body)}`);
  const entry = { client: api(h, credential.body.token), signingKey: credential.body.signingKey };
  joined.set(`${h.baseUrl} ${workerId}`, entry);
  return { ...entry, token: credential.body.token };
}

/** The REST client of a joined worker. */
export async function asWorker(h: Harness, workerId: string): Promise<ReturnType<typeof api>> {
  return (await joinWorker(h, workerId)).client;
}

function toMessage(fields: string[]): JobEventMessage {
  const m: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) m[fields[i]] = fields[i + 1]!;
  return m as unknown as JobEventMessage;
}

/**
 * `redis.xadd(stream, '*', ...fields)` of an event signed as the worker it names would sign it
 * (with the key the control plane derives for that worker).
 */
export function signedXadd(
  redis: Redis,
  stream: string,
  id: string,
  ...fields: string[]
): Promise<string | null> {
  const message = toMessage(fields);
  const key = deriveWorkerSigningKey(inject('signingSecret'), message.workerId);
  return redis.xadd(stream, id, ...fields, 'signature', signEventMessage(key, message));
}

/** The fields of an events-stream entry as a worker writes them (`signedXadd` adds its signature). */
export function eventFields(entry: {
  jobId: string;
  workerId: string;
  runId: string;
  seq?: number;
  event: object;
}): string[] {
  return [
    'jobId',
    entry.jobId,
    'workerId',
    entry.workerId,
    'attempt',
    '1',
    'runId',
    entry.runId,
    'seq',
    String(entry.seq ?? 0),
    'event',
    JSON.stringify(entry.event),
  ];
}
