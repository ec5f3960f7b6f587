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
import { loadTransformersJs } from './transformers-js.peer';

// Serving benchmark: Alloy's engine against the memory-bandwidth limit and transformers.js, in one run.
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    preset: { type: 'string', default: '34m' },
    tokens: { type: 'string', default: '128' },
    threads: { type: 'string', default: '2' },
    'block-size': { type: 'string', default: '128' },
    rounds: { type: 'string', default: '3' },
  },
});
const TOKENS = Number(values.tokens);
const THREADS = Number(values.threads);
const BLOCK = Number(values['block-size']);
const ROUNDS = Number(values.rounds);
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
}

/** Medians over rounds of figures measured in turn, so that a change of load hits all alike. */
function medianFigures(runs: StreamFigures[]): StreamFigures {
  return {
    medianTokenMs: median(runs.map((r) => r.medianTokenMs)),
    endToEndTps: median(runs.map((r) => r.endToEndTps)),
    tokens: runs[0].tokens,
  };
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

  const request: GenerateRequest = {
    prompt: PROMPT,
    maxTokens: TOKENS,
    temperature: 0,
    ignoreEos: true,
  };
  const variants = ['fp32', 'int8', 'int4'] as const;
  const engines = new Map<Variant, InferenceEngine>();
  for (const variant of variants) {
    const engine = await InferenceEngine.load(dir, variant, {
      intraOpNumThreads: THREADS,
      maxBatchSize: 16,
    });
    await singleStream(engine, request); // warm-up: first-run allocations, thread start-up
    engines.set(variant, engine);
  }
  const peer = await loadTransformersJs(dir, PROMPT, TOKENS, THREADS);

  // Single streams and the limit, in turn, ROUNDS times.
  const bandwidths: number[] = [];
  const runs = new Map<string, StreamFigures[]>();
  const add = (key: string, f: StreamFigures): void =>
    void runs.set(key, [...(runs.get(key) ?? []), f]);
  for (let round = 1; round <= ROUNDS; round++) {
    bandwidths.push(await matmulBandwidth());
    for (const variant of variants)
      add(variant, await singleStream(engines.get(variant)!, request));
    add('transformers.js', await peer.run());
    log(`[round ${round}/${ROUNDS}] single streams measured`);
  }
  await peer.dispose();
  const bandwidth = median(bandwidths);
  const fp32Bytes = weightBytesPerToken(config, 4);
  const limitTps = bandwidth / fp32Bytes;
  log(
    `onnxruntime MatMul read bandwidth: ${(bandwidth / 1e9).toFixed(1)} GB/s (median of ${ROUNDS})`,
  );
  log(
    `fp32 weights read per token: ${(fp32Bytes / 1e6).toFixed(1)} MB -> limit ${limitTps.toFixed(0)} tokens/s (${(1000 / limitTps).toFixed(2)} ms/token)`,
  );
  const figures = new Map([...runs].map(([k, v]) => [k, medianFigures(v)]));
  for (const [name, f] of figures) {
    log(
      `${name.padEnd(16)} single stream: ${f.medianTokenMs.toFixed(2)} ms/token median (${(1000 / f.medianTokenMs).toFixed(0)} tokens/s), ${f.endToEndTps.toFixed(0)} tokens/s end to end`,
    );
  }
  const fp32 = figures.get('fp32')!;
  const tjs = figures.get('transformers.js')!;
  const same =
    tjs.tokens.length === fp32.tokens.length && tjs.tokens.every((t, i) => t === fp32.tokens[i]);
  log(`greedy tokens identical to transformers.js: ${same}`);

  // Aggregate throughput at 1, 4 and 16 concurrent streams, in turn.
  const fp32Engine = engines.get('fp32')!;
  await concurrent(fp32Engine, 16); // warm-up of the batched shapes
  const aggregate = new Map<number, number[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const streams of [1, 4, 16]) {
      aggregate.set(streams, [
        ...(aggregate.get(streams) ?? []),
        await concurrent(fp32Engine, streams),
      ]);
    }
    log(`[round ${round}/${ROUNDS}] concurrent streams measured`);
  }
  const [agg1, agg4, agg16] = [1, 4, 16].map((n) => median(aggregate.get(n)!));
  log(
    `fp32 aggregate: 1 stream ${agg1.toFixed(0)}, 4 streams ${agg4.toFixed(0)}, 16 streams ${agg16.toFixed(0)} tokens/s`,
  );
  for (const engine of engines.values()) await engine.close();
  const int8 = figures.get('int8')!;
  const int4 = figures.get('int4')!;
  const peerFigures = tjs;
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
    peerFigures.medianTokenMs / fp32.medianTokenMs,
    1.3,
  );
  ratio(
    'fp32 single stream / transformers.js (end to end)',
    fp32.endToEndTps / peerFigures.endToEndTps,
    1.3,
  );
  ratio(
    'transformers.js / bandwidth limit (per token)',
    1000 / peerFigures.medianTokenMs / limitTps,
  );
  ratio('4 streams aggregate / 1 stream', agg4 / agg1);
  ratio('16 streams aggregate / 1 stream', agg16 / agg1, 4);
  ratio('int8 / fp32 (per token)', fp32.medianTokenMs / int8.medianTokenMs);
  ratio('int4 / fp32 (per token)', fp32.medianTokenMs / int4.medianTokenMs, 2.5);
  ratio('int4 / fp32 (end to end)', int4.endToEndTps / fp32.endToEndTps);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
