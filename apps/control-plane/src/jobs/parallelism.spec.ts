import { describe, expect, it } from 'vitest';
import { planParallelism } from './parallelism';

const hp = { batchSize: 16, gradientAccumulation: 2 };

describe('planParallelism', () => {
  it('runs one data-parallel process per GPU when the job does not say', () => {
    expect(planParallelism({ gpus: 4 }, {}, hp, false)).toEqual({
      parallelism: { strategy: 'ddp', processes: 4 },
      batchSize: 16,
    });
    expect(planParallelism({ gpus: 2 }, { strategy: 'fsdp' }, hp, false)).toMatchObject({
      parallelism: { strategy: 'fsdp', processes: 2 },
    });
  });

  it('leaves single-GPU, CPU and explicit requests as they are', () => {
    const plan = (gpus: number | undefined, requested: object) =>
      planParallelism(gpus === undefined ? {} : { gpus }, requested, hp, false);
    expect(plan(1, {})).toEqual({ parallelism: {}, batchSize: 16 });
    expect(plan(undefined, {})).toEqual({ parallelism: {}, batchSize: 16 });
    expect(plan(0, { processes: 2 })).toMatchObject({
      parallelism: { processes: 2, strategy: 'ddp' },
    });
    expect(plan(4, { processes: 2 })).toMatchObject({
      parallelism: { processes: 2, strategy: 'ddp' },
    });
    expect(plan(4, { strategy: 'none' })).toMatchObject({ parallelism: { strategy: 'none' } });
  });

  it('grows the default global batch to divide among the processes, never a batch asked for', () => {
    expect(planParallelism({ gpus: 3 }, {}, hp, true)).toEqual({
      parallelism: { strategy: 'ddp', processes: 3 },
      batchSize: 18,
    });
    expect(planParallelism({ gpus: 3 }, {}, hp, false)).toEqual({
      field: 'hyperparameters.batchSize',
      message: 'the global batch (16) must divide by processes x gradientAccumulation (3 x 2)',
    });
  });

  it('names the field of a request the trainer would refuse', () => {
    expect(planParallelism({ gpus: 2 }, { processes: 4 }, hp, true)).toEqual({
      field: 'parallelism.processes',
      message: '4 processes need one GPU each; resources.gpus is 2',
    });
    expect(planParallelism({}, { strategy: 'none', processes: 2 }, hp, true)).toMatchObject({
      field: 'parallelism.processes',
    });
  });
});
