import { describe, expect, it } from 'vitest';
import type { JobSpec } from './job-spec';
import { validateJobSpec } from './schema-validation';

const spec = (patch: (s: JobSpec) => void): JobSpec => {
  const s: JobSpec = {
    specVersion: 1,
    jobId: 'job',
    kind: 'sft',
    method: 'lora',
    datasets: [{ path: 'data', role: 'train', format: 'chat' }],
    hyperparameters: { lora: {}, adapter: {}, selective: {} },
    resources: {},
    parallelism: {},
    precision: 'bf16',
    output: { dir: 'out' },
  };
  patch(s);
  return s;
};

/** Each bounded field: where it is, its largest accepted value and a value just beyond it. */
const BOUNDS: [string, (s: JobSpec, v: number) => void, number, number][] = [
  ['hyperparameters.maxSteps', (s, v) => (s.hyperparameters.maxSteps = v), 10_000_000, 10_000_001],
  ['hyperparameters.epochs', (s, v) => (s.hyperparameters.epochs = v), 1000, 1000.5],
  ['hyperparameters.batchSize', (s, v) => (s.hyperparameters.batchSize = v), 65_536, 65_537],
  [
    'hyperparameters.gradientAccumulation',
    (s, v) => (s.hyperparameters.gradientAccumulation = v),
    4096,
    4097,
  ],
  ['hyperparameters.seqLen', (s, v) => (s.hyperparameters.seqLen = v), 131_072, 131_073],
  [
    'hyperparameters.warmupSteps',
    (s, v) => (s.hyperparameters.warmupSteps = v),
    10_000_000,
    10_000_001,
  ],
  ['hyperparameters.learningRate', (s, v) => (s.hyperparameters.learningRate = v), 1, 1.5],
  ['hyperparameters.weightDecay', (s, v) => (s.hyperparameters.weightDecay = v), 1, 2],
  ['hyperparameters.maxGradNorm', (s, v) => (s.hyperparameters.maxGradNorm = v), 1e6, 1e6 + 1],
  ['hyperparameters.seed', (s, v) => (s.hyperparameters.seed = v), 2 ** 32 - 1, 2 ** 32],
  ['hyperparameters.evalEvery', (s, v) => (s.hyperparameters.evalEvery = v), 1e7, 1e7 + 1],
  ['hyperparameters.logEvery', (s, v) => (s.hyperparameters.logEvery = v), 1e7, 1e7 + 1],
  [
    'hyperparameters.checkpointEvery',
    (s, v) => (s.hyperparameters.checkpointEvery = v),
    1e7,
    1e7 + 1,
  ],
  ['hyperparameters.evalBatches', (s, v) => (s.hyperparameters.evalBatches = v), 100_000, 100_001],
  ['hyperparameters.lora.rank', (s, v) => (s.hyperparameters.lora!.rank = v), 1024, 1025],
  ['hyperparameters.lora.alpha', (s, v) => (s.hyperparameters.lora!.alpha = v), 16_384, 16_385],
  [
    'hyperparameters.adapter.bottleneck',
    (s, v) => (s.hyperparameters.adapter!.bottleneck = v),
    65_536,
    65_537,
  ],
  [
    'hyperparameters.selective.topLayers',
    (s, v) => (s.hyperparameters.selective!.topLayers = v),
    1024,
    1025,
  ],
  ['resources.gpus', (s, v) => (s.resources!.gpus = v), 64, 65],
  ['resources.gpuMemoryGb', (s, v) => (s.resources!.gpuMemoryGb = v), 1024, 1025],
  ['resources.nodes', (s, v) => (s.resources!.nodes = v), 64, 65],
  ['parallelism.processes', (s, v) => (s.parallelism!.processes = v), 64, 65],
];

describe('job spec bounds', () => {
  it.each(BOUNDS)(
    '%s: accepts its bound and names the field beyond it',
    (field, set, max, over) => {
      expect(validateJobSpec(spec((s) => set(s, max))).ok).toBe(true);
      expect(validateJobSpec(spec((s) => set(s, over)))).toEqual({
        ok: false,
        errors: [{ field, message: `must be <= ${max}` }],
      });
    },
  );

  it('bounds the lists of module names and patterns', () => {
    const many = Array.from({ length: 65 }, (_, i) => `layers.${i}.q_proj`);
    const result = validateJobSpec(
      spec((s) => {
        s.hyperparameters.lora!.targetModules = many;
        s.hyperparameters.selective!.patterns = ['x'.repeat(257)];
      }),
    );
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'hyperparameters.lora.targetModules',
      'hyperparameters.selective.patterns.0',
    ]);
  });
});
