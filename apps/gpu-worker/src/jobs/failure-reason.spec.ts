import { describe, expect, it } from 'vitest';
import { publicReason, REASON_MAX, trainerFailureReason } from './failure-reason';

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/usr/lib/python3/dist-packages/torch/serialization.py", line 788, in load',
  "FileNotFoundError: [Errno 2] No such file or directory: '/var/work/job-1/inputs/base/x'",
];

describe('trainerFailureReason', () => {
  it("gives the trainer's reason and exit, never its stderr", () => {
    const reason = trainerFailureReason(
      { code: 1, signal: null, stderrTail: TRACEBACK },
      'ValueError: checkpoint state checkpoints/step-00000004/state.pt is refused',
    );
    expect(reason).toBe(
      'ValueError: checkpoint state checkpoints/step-00000004/state.pt is refused (trainer exited with code 1)',
    );
    expect(reason).not.toContain('Traceback');
  });

  it('hides filesystem paths in what the trainer says', () => {
    const reason = trainerFailureReason(
      { code: 75, signal: null, stderrTail: [] },
      "OSError: [Errno 28] No space left on device: '/var/work/job-1/checkpoints/step-00000002.partial'",
    );
    expect(reason).toBe(
      "OSError: [Errno 28] No space left on device: '…/step-00000002.partial' (trainer exited with code 75)",
    );
  });

  it('says how the trainer ended when it gave no reason', () => {
    expect(
      trainerFailureReason({ code: null, signal: 'SIGKILL', stderrTail: TRACEBACK }, undefined),
    ).toBe('the trainer was killed by SIGKILL');
    expect(
      trainerFailureReason(
        {
          code: null,
          signal: null,
          stderrTail: [],
          startError: 'spawn /opt/py/bin/python3 ENOENT',
        },
        undefined,
      ),
    ).toBe('the trainer could not be started: spawn …/python3 ENOENT');
  });
});

describe('publicReason', () => {
  it('bounds the length', () => {
    expect(publicReason('x'.repeat(10_000))).toHaveLength(REASON_MAX);
  });
});
