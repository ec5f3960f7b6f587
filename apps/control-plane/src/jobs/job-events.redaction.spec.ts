import { randomUUID } from 'node:crypto';
import type { JobTransitionEntity } from '@alloy/db';
import { describe, expect, it } from 'vitest';
import { JobTransitionDto } from './dto/job.dto';
import { parseEventMessage } from './job-events.batch-writer';

const TRACE = `OSError: [Errno 28] No space left on device: '/var/work/j/checkpoints/step-2.partial'
  File "/usr/lib/python3/dist-packages/torch/serialization.py", line 788`;

function message(event: object) {
  return {
    jobId: randomUUID(),
    runId: 'r',
    workerId: 'w',
    seq: '0',
    attempt: '1',
    event: JSON.stringify({ time: new Date().toISOString(), ...event }),
  };
}

describe('worker event text', () => {
  it('keeps no filesystem path in a failed reason or a log message', () => {
    const failed = parseEventMessage(message({ type: 'failed', reason: TRACE, retryable: true }));
    expect(failed?.event).toMatchObject({
      type: 'failed',
      reason: `OSError: [Errno 28] No space left on device: '…/step-2.partial'\n  File "…/serialization.py", line 788`,
    });
    const log = parseEventMessage(message({ type: 'log', message: 'reading /srv/data/x.jsonl' }));
    expect(log?.event).toMatchObject({ type: 'log', message: 'reading …/x.jsonl' });
  });

  it('redacts transition reasons stored before, when they are shown', () => {
    const dto = JobTransitionDto.from({
      fromStatus: 'running',
      toStatus: 'failed',
      reason: TRACE,
      at: new Date(),
    } as JobTransitionEntity);
    expect(dto.reason).not.toMatch(/\/var\/|\/usr\//);
  });
});
