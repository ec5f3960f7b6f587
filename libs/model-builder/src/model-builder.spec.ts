import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLlamaConfig } from './checkpoint/llama-config';
import type { LlamaConfig } from './checkpoint/llama-config';
import { buildVariant, graphSpecFor } from './model-builder.service';
import { dequantizeBlockwise, quantizeBlockwise } from './quant/block-quantizer';
import { maxAbsDiff, session, teacherForced } from './testing/teacher-forced';
import { createTrainerModel, trainerLogits } from './testing/trainer-model.fixture';

// Tolerances on logits (absolute; the fixture's logits are of order 1).
const TOLERANCE = { fp32: 1e-4, fp16: 5e-3, quantVsDequantized: 2e-2 };

describe('block quantizer', () => {
  it('packs 4- and 8-bit blocks that dequantise within half a step of the weight', () => {
    const n = 3;
    const k = 40; // not a multiple of the block: the last block is padded
    const w = Float32Array.from({ length: n * k }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
    for (const bits of [4, 8] as const) {
      const packed = quantizeBlockwise(w, n, k, bits, 16);
      expect(packed.blocksPerRow).toBe(3);
      const back = dequantizeBlockwise(packed, bits, 16);
      for (let i = 0; i < w.length; i++) {
        const scale = packed.scales[Math.floor(i / k) * 3 + Math.floor((i % k) / 16)];
        expect(Math.abs(back[i] - w[i])).toBeLessThanOrEqual(scale / 2 + 1e-6);
      }
    }
  });
});

describe('model builder against the PyTorch trainer', () => {
  let dir: string;
  let cfg: LlamaConfig;
  // Lengths 7 and 11 with a prefill of 4: shapes unlike anything fixed at build time.
  const rows = [
    [1, 45, 67, 89, 120, 33, 250],
    [2, 9, 17, 300, 41, 5, 77, 150, 12, 8, 99],
  ];
  const reference: Float64Array[] = [];

  beforeAll(() => {
    dir = createTrainerModel({ config: 'tiny', seed: 3 });
    cfg = readLlamaConfig(dir);
    for (const r of rows) reference.push(trainerLogits(dir, r));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['plain', 'fused'] as const)(
    '%s fp32 matches the trainer, batched and padded',
    async (layout) => {
      const s = await session(dir, graphSpecFor('fp32', layout));
      const batched = await teacherForced(s, layout, cfg, rows, 4);
      rows.forEach((_, b) =>
        expect(maxAbsDiff(batched[b], reference[b])).toBeLessThan(TOLERANCE.fp32),
      );
      const alone = await teacherForced(s, layout, cfg, [rows[0]], 3);
      expect(maxAbsDiff(alone[0], reference[0])).toBeLessThan(TOLERANCE.fp32);
    },
  );

  it.each(['fp32', 'int4'] as const)('fused and plain %s graphs agree', async (variant) => {
    const rowsOut: Float32Array[] = [];
    for (const layout of ['plain', 'fused'] as const) {
      const s = await session(dir, graphSpecFor(variant, layout, 32));
      rowsOut.push(...(await teacherForced(s, layout, cfg, [rows[1]], 6)));
    }
    // Same weights and packing: only the order of floating-point operations differs.
    expect(maxAbsDiff(rowsOut[0], rowsOut[1])).toBeLessThan(variant === 'fp32' ? 1e-5 : 1e-3);
  });

  it.each(['plain', 'fused'] as const)('%s fp16 matches the trainer', async (layout) => {
    const s = await session(dir, graphSpecFor('fp16', layout));
    const [logits] = await teacherForced(s, layout, cfg, [rows[1]], 5, 'float16');
    expect(maxAbsDiff(logits, reference[1])).toBeLessThan(TOLERANCE.fp16);
  });

  it.each([
    ['int8', 32],
    ['int4', 32],
    ['int4', 128],
  ] as const)(
    '%s (block %i) matches an fp32 graph holding the dequantised weights',
    async (variant, blockSize) => {
      const bits = variant === 'int8' ? 8 : 4;
      for (const layout of ['plain', 'fused'] as const) {
        const quant = await session(dir, { layout, precision: 'fp32', quant: { bits, blockSize } });
        const deq = await session(dir, {
          layout,
          precision: 'fp32',
          quant: { bits, blockSize, dequantized: true },
        });
        const [q] = await teacherForced(quant, layout, cfg, [rows[1]], 4);
        const [d] = await teacherForced(deq, layout, cfg, [rows[1]], 4);
        expect(maxAbsDiff(q, d)).toBeLessThan(TOLERANCE.quantVsDequantized);
        // The quantised weights really differ from the originals (the check is not vacuous).
        if (bits === 4)
          expect(maxAbsDiff(d, reference[1])).toBeGreaterThan(TOLERANCE.quantVsDequantized);
      }
    },
  );

  it('writes the variants under the names transformers.js and Optimum use, embeddings stored once', async () => {
    const built = await buildVariant(dir, 'fp32');
    expect(built.map((f) => f.path)).toEqual([
      join(dir, 'onnx', 'model.onnx'),
      join(dir, 'onnx', 'alloy', 'model_fused_fp32.onnx'),
    ]);
    const plain = await ort.InferenceSession.create(built[0].path);
    expect(plain.inputNames.slice(0, 5)).toEqual([
      'input_ids',
      'attention_mask',
      'position_ids',
      'past_key_values.0.key',
      'past_key_values.0.value',
    ]);
    expect(plain.outputNames).toContain('logits');
    expect(plain.outputNames).toContain(`present.${cfg.numLayers - 1}.value`);
    // The tied output head shares the embedding table: the file holds one copy of it.
    const embeddingBytes = cfg.vocabSize * cfg.hiddenSize * 4;
    const fused = readFileSync(built[1].path).byteLength;
    const layerBytes =
      4 *
      cfg.numLayers *
      (cfg.hiddenSize * cfg.headDim * (2 * cfg.numHeads + 2 * cfg.numKvHeads) +
        3 * cfg.hiddenSize * cfg.intermediateSize);
    expect(fused).toBeLessThan(layerBytes + 1.5 * embeddingBytes);
    await buildVariant(dir, 'int4', { blockSize: 32, layouts: ['fused'] });
    expect(existsSync(join(dir, 'onnx', 'alloy', 'model_fused_q4.onnx'))).toBe(true);
  });

  it('builds a variant from the command line, with progress', () => {
    const out = execFileSync(
      process.execPath,
      [
        '-r',
        './tools/register.cjs',
        'libs/model-builder/src/cli.ts',
        '--model',
        dir,
        '--variant',
        'int8',
        '--block-size',
        '32',
      ],
      { encoding: 'utf8' },
    );
    expect(out).toMatch(/\[int8\/plain\] reading weights/);
    expect(out).toMatch(/\[int8\/fused\] done/);
    expect(existsSync(join(dir, 'onnx', 'model_int8.onnx'))).toBe(true);
    expect(existsSync(join(dir, 'onnx', 'alloy', 'model_fused_int8.onnx'))).toBe(true);
    expect(() =>
      execFileSync(
        process.execPath,
        [
          '-r',
          './tools/register.cjs',
          'libs/model-builder/src/cli.ts',
          '--model',
          dir,
          '--variant',
          'int3',
        ],
        {
          stdio: 'pipe',
        },
      ),
    ).toThrow(/--variant must be one of/);
  });
});
