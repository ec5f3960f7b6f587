import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLlamaConfig } from './checkpoint/llama-config';
import { buildGraph, graphSpecFor } from './model-builder.service';
import { maxAbsDiff, session, teacherForced } from './testing/teacher-forced';
import {
  createTrainerModel,
  perturbTrainerModel,
  trainerLogits,
} from './testing/trainer-model.fixture';

// Absolute tolerances on logits of order 1 (as in model-builder.spec.ts).
const TOLERANCE = { fp32: 1e-4, fp16: 5e-3 };
const ROW = [2, 9, 17, 300, 41, 5, 77, 150, 12, 8, 99, 3, 60, 200, 31, 7, 250, 18, 44, 90];

interface Variant {
  name: string;
  /** Trainer config (inline JSON over the tiny preset). */
  config: Record<string, unknown>;
  adapter?: number;
}

/**
 * Architecture features of the model families Alloy registers, each in a checkpoint the trainer
 * writes and compared with the trainer's PyTorch logits. Biases and adapters hold random values
 * (see perturbTrainerModel), so dropping one would show.
 */
const VARIANTS: Variant[] = [
  {
    name: 'Qwen2: q/k/v biases',
    config: { model_type: 'qwen2', architectures: ['Qwen2ForCausalLM'] },
  },
  { name: 'LLaMA with attention and MLP biases', config: { attention_bias: true, mlp_bias: true } },
  { name: 'bottleneck adapters (method: adapter)', config: {}, adapter: 8 },
  { name: 'untied output head', config: { tie_word_embeddings: false } },
  {
    name: 'rope_scaling linear',
    config: { rope_scaling: { rope_type: 'linear', factor: 4 } },
  },
  {
    name: 'rope_scaling llama3',
    // a short original context and a large theta put frequencies in all three llama3 bands
    config: {
      rope_theta: 500000,
      rope_scaling: {
        rope_type: 'llama3',
        factor: 8,
        low_freq_factor: 1,
        high_freq_factor: 4,
        original_max_position_embeddings: 64,
      },
    },
  },
  {
    name: 'rope_scaling dynamic within its original context',
    config: { rope_scaling: { type: 'dynamic', factor: 2 } },
  },
];

describe.each(VARIANTS)('model builder: $name', ({ config, adapter }) => {
  let dir: string;
  let reference: Float64Array;

  beforeAll(() => {
    dir = createTrainerModel({ config: JSON.stringify({ preset: 'tiny', ...config }), seed: 5 });
    perturbTrainerModel(dir, { adapter });
    reference = trainerLogits(dir, ROW);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['plain', 'fused'] as const)('%s fp32 and fp16 match the trainer', async (layout) => {
    const cfg = readLlamaConfig(dir);
    const fp32 = await session(dir, graphSpecFor('fp32', layout));
    const [logits] = await teacherForced(fp32, layout, cfg, [ROW], 6);
    expect(maxAbsDiff(logits, reference)).toBeLessThan(TOLERANCE.fp32);
    const fp16 = await session(dir, graphSpecFor('fp16', layout));
    const [half] = await teacherForced(fp16, layout, cfg, [ROW], 6, 'float16');
    expect(maxAbsDiff(half, reference)).toBeLessThan(TOLERANCE.fp16);
  });
});

describe('model builder: every checkpoint tensor is accounted for', () => {
  let dir: string;

  beforeAll(() => {
    dir = createTrainerModel({ config: 'tiny', seed: 6 });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses adapter tensors a config.json does not declare, naming them', () => {
    perturbTrainerModel(dir, { adapter: 4 });
    const configPath = join(dir, 'config.json');
    const withAdapter = readFileSync(configPath, 'utf8');
    const config = JSON.parse(withAdapter) as Record<string, unknown>;
    delete config['alloy_bottleneck_adapter'];
    writeFileSync(configPath, JSON.stringify(config));
    for (const layout of ['plain', 'fused'] as const) {
      expect(() => buildGraph(dir, graphSpecFor('fp32', layout))).toThrow(
        /8 tensor\(s\) the graph does not use: model\.layers\.0\.mlp_adapter\./,
      );
    }
    writeFileSync(configPath, withAdapter);
    expect(() => buildGraph(dir, graphSpecFor('fp32', 'fused'))).not.toThrow();
  });

  it.each([
    [{ rope_scaling: { rope_type: 'yarn', factor: 4 } }, /rope_scaling type "yarn"/],
    [{ rope_scaling: { rope_type: 'llama3', factor: 8 } }, /low_freq_factor/],
    [
      {
        rope_scaling: { rope_type: 'dynamic', factor: 2, original_max_position_embeddings: 64 },
      },
      /changes the frequencies with the sequence length/,
    ],
    [{ model_type: 'mistral', sliding_window: 32 }, /sliding-window attention/],
  ])('refuses %j with a clear reason', (extra, reason) => {
    const configPath = join(dir, 'config.json');
    const original = readFileSync(configPath, 'utf8');
    writeFileSync(configPath, JSON.stringify({ ...JSON.parse(original), ...extra }));
    try {
      expect(() => readLlamaConfig(dir)).toThrow(reason);
    } finally {
      writeFileSync(configPath, original);
    }
  });
});
