import type { JobSpec } from '@alloy/contracts';

type Parallelism = NonNullable<JobSpec['parallelism']>;

export interface PlannedParallelism {
  parallelism: Parallelism;
  /** the global batch, unchanged unless the default had to grow to divide among the processes */
  batchSize: unknown;
}

/** A request the trainer would refuse, named by the field to change. */
export interface ParallelismProblem {
  field: string;
  message: string;
}

/**
 * How many trainer processes a job runs. A job that asks for several GPUs gets one data-parallel
 * process per GPU unless it says otherwise: a single process would hold them all and use one.
 * The trainer splits the global batch evenly, so it must divide by processes x accumulation.
 */
export function planParallelism(
  resources: { gpus?: number },
  requested: Parallelism,
  hyperparameters: Record<string, unknown>,
  batchSizeIsDefault: boolean,
): PlannedParallelism | ParallelismProblem {
  const gpus = resources.gpus;
  const parallelism = { ...requested };
  if (parallelism.strategy === 'none') {
    if ((parallelism.processes ?? 1) > 1) {
      return {
        field: 'parallelism.processes',
        message: `strategy "none" runs one process, not ${parallelism.processes}`,
      };
    }
  } else if (parallelism.processes === undefined && gpus !== undefined && gpus > 1) {
    parallelism.processes = gpus;
  }
  const processes = parallelism.processes ?? 1;
  if (processes > 1) parallelism.strategy ??= 'ddp';
  if (gpus !== undefined && gpus > 0 && processes > gpus) {
    return {
      field: 'parallelism.processes',
      message: `${processes} processes need one GPU each; resources.gpus is ${gpus}`,
    };
  }
  let batchSize = hyperparameters.batchSize;
  const accumulation = hyperparameters.gradientAccumulation ?? 1;
  if (typeof batchSize === 'number' && typeof accumulation === 'number') {
    const perStep = processes * accumulation;
    if (batchSize % perStep !== 0) {
      if (!batchSizeIsDefault) {
        return {
          field: 'hyperparameters.batchSize',
          message: `the global batch (${batchSize}) must divide by processes x gradientAccumulation (${processes} x ${accumulation})`,
        };
      }
      // the default global batch grows to the next size every process gets an equal share of
      batchSize = Math.ceil(batchSize / perStep) * perStep;
    }
  }
  return { parallelism, batchSize };
}

export function isParallelismProblem(
  value: PlannedParallelism | ParallelismProblem,
): value is ParallelismProblem {
  return 'field' in value;
}
