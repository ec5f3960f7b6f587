import type { WorkerEntity } from '@alloy/db';
import { describe, expect, it } from 'vitest';
import { unschedulableReason, whyCannotHold } from './worker-fit';

const gpu = (memoryTotalMb: number) => ({
  index: 0,
  name: 'gpu',
  memoryTotalMb,
  memoryUsedMb: 0,
  utilizationPercent: 0,
});
const worker = (id: string, gpus: number[]): WorkerEntity =>
  ({ id, gpus: gpus.map(gpu), specVersions: [1] }) as WorkerEntity;

describe('worker fit', () => {
  it('puts CPU jobs anywhere and GPU jobs only where the GPUs are', () => {
    expect(whyCannotHold(worker('cpu', []), { resources: {} })).toBeNull();
    expect(whyCannotHold(worker('cpu', []), { resources: { gpus: 1 } })).toMatch(/needs 1 GPU/);
    expect(
      whyCannotHold(worker('big', [80_000, 80_000]), { resources: { gpus: 2, gpuMemoryGb: 40 } }),
    ).toBeNull();
    expect(
      whyCannotHold(worker('small', [16_000, 16_000]), { resources: { gpus: 2, gpuMemoryGb: 40 } }),
    ).toMatch(/40 GB/);
  });

  it('explains a job no registered worker can hold', () => {
    expect(unschedulableReason([], { resources: {} })).toBe('no worker is registered');
    expect(
      unschedulableReason([worker('a', []), worker('b', [24_000])], { resources: { gpus: 8 } }),
    ).toMatch(/needs 8 GPU.*largest worker has 1/);
    expect(unschedulableReason([worker('a', [])], { resources: { nodes: 2 } })).toMatch(
      /multi-node/,
    );
    expect(
      unschedulableReason([worker('a', []), worker('b', [24_000])], { resources: { gpus: 1 } }),
    ).toBeNull();
  });
});
