import { describe, expect, it } from 'vitest';
import { parseControlMessage } from './job-control.listener';

describe('parseControlMessage', () => {
  it('reads a cancel and ignores anything else', () => {
    expect(parseControlMessage('{"type":"cancel","jobId":"j-1"}')).toEqual({
      type: 'cancel',
      jobId: 'j-1',
    });
    expect(parseControlMessage('{"type":"pause","jobId":"j-1"}')).toBeNull();
    expect(parseControlMessage('{"type":"cancel"}')).toBeNull();
    expect(parseControlMessage('cancel j-1')).toBeNull();
  });
});
