import type { JobKind, TrainingMethod } from './enums';
import type { Hyperparameters } from './job-spec';

/**
 * Defaults the control plane fills in before a job is queued, so the stored spec says exactly
 * what ran. Parameter-efficient methods train few weights and take larger learning rates; the
 * trainer has its own fallbacks for anything still missing.
 */
export function defaultHyperparameters(kind: JobKind, method: TrainingMethod): Hyperparameters {
  const base: Hyperparameters = {
    batchSize: 8,
    gradientAccumulation: 1,
    seqLen: 256,
    warmupSteps: 10,
    weightDecay: 0,
    maxGradNorm: 1,
    seed: 0,
  };
  const learningRate =
    method === 'full'
      ? kind === 'pretrain'
        ? 3e-4
        : kind === 'continued_pretraining'
          ? 1e-4
          : 2e-5
      : method === 'lora'
        ? 2e-4
        : 1e-4;
  const byMethod: Hyperparameters =
    method === 'lora'
      ? { lora: { rank: 8, alpha: 16, dropout: 0.05, targetModules: ['q_proj', 'v_proj'] } }
      : method === 'adapter'
        ? { adapter: { bottleneck: 16 } }
        : method === 'selective'
          ? { selective: { norms: true, topLayers: 2 } }
          : {};
  return { ...base, learningRate, ...byMethod };
}
