import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { InferenceEngine } from '@alloy/inference';
import type { GenerateRequest } from '@alloy/inference';
import {
  OnnxGraphBuilder,
  VARIANT_FILES,
  buildVariant,
  createTrainerModel,
  float32Tensor,
  readLlamaConfig,
} from '@alloy/model-builder';
import type { LlamaConfig, Variant } from '@alloy/model-builder';
import { runTransformersJs } from './transformers-js.peer';

// Serving benchmark: Alloy's engine against the memory-bandwidth limit and transformers.js, in one run.
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    preset: { type: 'string', default: '34m' },
    tokens: { type: 'string', default: '128' },
    threads: { type: 'string', default: '2' },
    'block-size': { type: 'string', default: '128' },
  },
});
const TOKENS = Number(values.tokens);
const THREADS = Number(values.threads);
const BLOCK = Number(values['block-size']);
const PROMPT = 'The bank reviews every loan application against its credit policy before';

const log = (m: string): void => console.log(m);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function prepareModel(): string {
  const dir = resolve(values.model ?? join('var', 'bench', 'inference', `model-${values.preset}`));
  if (!existsSync(join(dir, 'config.json'))) {
    log(`[setup] creating a ${values.preset} model with the trainer's init-model in ${dir}`);
    mkdirSync(dirname(dir), { recursive: true });
    createTrainerModel({ config: values.preset, seed: 0, out: dir });
  }
  return dir;
}

async function ensureBuilt(
  dir: string,
  variant: Variant,
  layouts: ('plain' | 'fused')[],
): Promise<void> {
  const missing = layouts.filter((l) => !existsSync(join(dir, 'onnx', VARIANT_FILES[variant][l])));
  if (missing.length) {
    await buildVariant(dir, variant, {
      layouts: missing,
      blockSize: BLOCK,
      onProgress: (m) => log(`[build] ${m}`),
    });
  }
}

/** Bytes of weights a decode step reads (every matrix once; the embedding gather is negligible). */
function weightBytesPerToken(c: LlamaConfig, bytesPerWeight: number): number {
  const perLayer =
    c.hiddenSize * c.headDim * (c.numHeads + 2 * c.numKvHeads) +
    c.numHeads * c.headDim * c.hiddenSize +
    3 * c.hiddenSize * c.intermediateSize;
  return (c.numLayers * perLayer + c.vocabSize * c.hiddenSize) * bytesPerWeight;
}

/** Read bandwidth of onnxruntime's own MatMul: one row times a 256 MiB fp32 weight. */
async function matmulBandwidth(): Promise<number> {
  const k = 8192;
  const n = 8192;
  const g = new OnnxGraphBuilder('bandwidth');
  const x = g.input('x', 'float32', [1, k]);
  const w = g.initializer(
    'w',
    float32Tensor(
      Float32Array.from({ length: k * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5),
      [k, n],
    ),
  );
  g.node('MatMul', [x, w], { outputs: ['y'] });
  g.output('y', 'float32', [1, n]);
  const model = g.serialize({ opsets: { '': 17 }, producerName: 'alloy-bench' }).model;
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: THREADS });
  const input = new ort.Tensor('float32', new Float32Array(k).fill(0.01), [1, k]);
  const times: number[] = [];
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    await session.run({ x: input });
    if (i >= 5) times.push(performance.now() - t);
  }
  await session.release();
  return (k * n * 4) / (median(times) / 1000);
}

interface StreamFigures {
  medianTokenMs: number;
  endToEndTps: number;
  tokens: number[];
}

async function singleStream(
  engine: InferenceEngine,
  request: GenerateRequest,
): Promise<StreamFigures> {
  const run = async (): Promise<StreamFigures> => {
    const started = performance.now();
    let last = started;
    const gaps: number[] = [];
    const tokens: number[] = [];
    for await (const chunk of engine.stream(request)) {
      const now = performance.now();
      if (tokens.length) gaps.push(now - last);
      last = now;
      tokens.push(...chunk.tokenIds);
    }
    return {
      medianTokenMs: median(gaps),
      endToEndTps: tokens.length / ((last - started) / 1000),
      tokens,
    };
  };
  await run(); // warm-up: first-run allocations and thread start-up
  const runs = [await run(), await run()];
  return runs.sort((a, b) => b.endToEndTps - a.endToEndTps)[0];
}

async function concurrent(engine: InferenceEngine, streams: number): Promise<number> {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: streams }, (_, i) =>
      engine.generate({
        prompt: `${PROMPT} ${i}`,
        maxTokens: TOKENS,
        temperature: 0,
        ignoreEos: true,
      }),
    ),
  );
  const tokens = results.reduce((s, r) => s + r.usage.completionTokens, 0);
  return tokens / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const dir = prepareModel();
  const config = readLlamaConfig(dir);
  await ensureBuilt(dir, 'fp32', ['plain', 'fused']);
  await ensureBuilt(dir, 'int8', ['fused']);
  await ensureBuilt(dir, 'int4', ['fused']);
  const params =
    weightBytesPerToken(config, 1) +
    config.vocabSize * config.hiddenSize * (config.tieWordEmbeddings ? 0 : 1);
  log(
    `\nmodel ${basename(dir)}: ${(params / 1e6).toFixed(1)}M parameters, ${TOKENS} greedy tokens, ${THREADS} threads`,
  );

  const bandwidth = await matmulBandwidth();
  const fp32Bytes = weightBytesPerToken(config, 4);
  const limitTps = bandwidth / fp32Bytes;
  log(`onnxruntime MatMul read bandwidth: ${(bandwidth / 1e9).toFixed(1)} GB/s`);
  log(
    `fp32 weights read per token: ${(fp32Bytes / 1e6).toFixed(1)} MB -> limit ${limitTps.toFixed(0)} tokens/s (${(1000 / limitTps).toFixed(2)} ms/token)`,
  );

  const request: GenerateRequest = {
    prompt: PROMPT,
    maxTokens: TOKENS,
    temperature: 0,
    ignoreEos: true,
  };
  const figures: Partial<Record<Variant, StreamFigures>> = {};
  let aggregate4 = 0;
  let aggregate16 = 0;
  for (const variant of ['fp32', 'int8', 'int4'] as const) {
    const engine = await InferenceEngine.load(dir, variant, {
      intraOpNumThreads: THREADS,
      maxBatchSize: 16,
    });
    figures[variant] = await singleStream(engine, request);
    const f = figures[variant];
    log(
      `alloy ${variant} single stream: ${f.medianTokenMs.toFixed(2)} ms/token median (${(1000 / f.medianTokenMs).toFixed(0)} tokens/s), ${f.endToEndTps.toFixed(0)} tokens/s end to end`,
    );
    if (variant === 'fp32') {
      await concurrent(engine, 4); // warm-up of the batched shapes
      aggregate4 = await concurrent(engine, 4);
      aggregate16 = await concurrent(engine, 16);
      log(
        `alloy fp32 aggregate: 4 streams ${aggregate4.toFixed(0)} tokens/s, 16 streams ${aggregate16.toFixed(0)} tokens/s`,
      );
    }
    await engine.close();
  }

  const peer = await runTransformersJs(dir, PROMPT, TOKENS, THREADS);
  log(
    `transformers.js fp32 (onnx/model.onnx): ${peer.medianTokenMs.toFixed(2)} ms/token median, ${peer.endToEndTps.toFixed(0)} tokens/s end to end`,
  );
  const fp32 = figures.fp32!;
  const same =
    peer.tokens.length === fp32.tokens.length && peer.tokens.every((t, i) => t === fp32.tokens[i]);
  log(`greedy tokens identical to transformers.js: ${same}`);

  const ratio = (label: string, value: number, goal?: number): void =>
    log(
      `  ${label.padEnd(52)} ${value.toFixed(2)}x${goal === undefined ? '' : `  (goal >= ${goal}: ${value >= goal ? 'met' : 'NOT met'})`}`,
    );
  log('\nratios');
  ratio(
    'fp32 single stream / bandwidth limit (per token)',
    1000 / fp32.medianTokenMs / limitTps,
    0.7,
  );
  ratio('fp32 single stream / bandwidth limit (end to end)', fp32.endToEndTps / limitTps);
  ratio(
    'fp32 single stream / transformers.js (per token)',
    peer.medianTokenMs / fp32.medianTokenMs,
    1.3,
  );
  ratio(
    'fp32 single stream / transformers.js (end to end)',
    fp32.endToEndTps / peer.endToEndTps,
    1.3,
  );
  ratio('transformers.js / bandwidth limit (per token)', 1000 / peer.medianTokenMs / limitTps);
  ratio('4 streams aggregate / 1 stream', aggregate4 / fp32.endToEndTps);
  ratio('16 streams aggregate / 1 stream', aggregate16 / fp32.endToEndTps, 4);
  ratio('int8 / fp32 (per token)', fp32.medianTokenMs / figures.int8!.medianTokenMs);
  ratio('int4 / fp32 (per token)', fp32.medianTokenMs / figures.int4!.medianTokenMs, 2.5);
  ratio('int4 / fp32 (end to end)', figures.int4!.endToEndTps / fp32.endToEndTps);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
