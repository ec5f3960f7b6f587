import { describe, expect, it } from 'vitest';
import { toJobEventMessage } from './job-event.publisher';
import { parseTrainerLine } from './trainer-line.parser';

describe('toJobEventMessage', () => {
  it('wraps an event with string fields only', () => {
    const event = { type: 'metrics' as const, time: '2026-01-01T00:00:00Z', step: 3, loss: 2.5 };
    const message = toJobEventMessage(event, {
      jobId: 'job-1',
      workerId: 'w1',
      attempt: 2,
      runId: 'r-1',
      seq: 0,
    });
    expect(message).toEqual({
      jobId: 'job-1',
      workerId: 'w1',
      attempt: '2',
      runId: 'r-1',
      seq: '0',
      event: JSON.stringify(event),
    });
    expect(Object.values(message).every((v) => typeof v === 'string')).toBe(true);
    expect(JSON.parse(message.event)).toEqual(event);
  });
});

describe('parseTrainerLine', () => {
  it('reads a trainer event', () => {
    const line =
      '{"type": "checkpoint", "time": "2026-11-28T14:49:25.948Z", "seq": 6, "jobId": "j", "step": 5, "path": "checkpoints/step-00000005"}';
    expect(parseTrainerLine(line)).toEqual({ event: JSON.parse(line) });
  });

  it('skips blank lines and explains what is not an event', () => {
    expect(parseTrainerLine('   ')).toBeNull();
    expect(parseTrainerLine('Traceback (most recent call last):')).toEqual({ error: 'not JSON' });
    const bad = parseTrainerLine('{"type": "metrics", "time": "x"}');
    expect(bad && 'error' in bad && bad.error).toMatch(/step|loss/);
  });
});
