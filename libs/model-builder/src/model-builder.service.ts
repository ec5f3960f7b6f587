import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { dirname, join, relative, basename } from 'node:path';
import { once } from 'node:events';
import { readLlamaConfig } from './checkpoint/llama-config';
import type { LlamaConfig } from './checkpoint/llama-config';
import { SafetensorsReader } from './checkpoint/safetensors.reader';
import type { GraphOptions, Precision, QuantOptions } from './graph/graph-weights';
import { buildFusedLlamaGraph } from './graph/llama-fused.graph';
import { buildPlainLlamaGraph } from './graph/llama-plain.graph';
import type { SerializedModel } from './onnx/onnx-graph.builder';

export type Variant = 'fp32' | 'fp16' | 'int8' | 'int4';
export type GraphLayout = 'plain' | 'fused';
export const VARIANTS: readonly Variant[] = ['fp32', 'fp16', 'int8', 'int4'];

/** File names of a variant under `<model>/onnx/`, as transformers.js and Optimum name them. */
export const VARIANT_FILES: Record<Variant, { plain: string; fused: string }> = {
  fp32: { plain: 'model.onnx', fused: 'alloy/model_fused_fp32.onnx' },
  fp16: { plain: 'model_fp16.onnx', fused: 'alloy/model_fused_fp16.onnx' },
  int8: { plain: 'model_int8.onnx', fused: 'alloy/model_fused_int8.onnx' },
  int4: { plain: 'model_q4.onnx', fused: 'alloy/model_fused_q4.onnx' },
};

export interface GraphSpec {
  layout: GraphLayout;
  precision: Precision;
  quant?: QuantOptions;
  /** Fused graph: logits for every position, not only the last (for teacher-forced checks). */
  allLogits?: boolean;
}

export interface BuildOptions {
  blockSize?: number;
  /** Which graphs to write; both by default. */
  layouts?: GraphLayout[];
  /** Move initializers to `<file>_data` when all weights together exceed this (default 1 GiB). */
  externalDataThresholdBytes?: number;
  onProgress?: (message: string) => void;
}

export interface BuiltFile {
  layout: GraphLayout;
  path: string;
  bytes: number;
  nodes: number;
  externalData?: string;
}

const OPSETS = { '': 17, 'com.microsoft': 1 };

export function graphSpecFor(variant: Variant, layout: GraphLayout, blockSize = 128): GraphSpec {
  switch (variant) {
    case 'fp32':
      return { layout, precision: 'fp32' };
    case 'fp16':
      return { layout, precision: 'fp16' };
    case 'int8':
      return { layout, precision: 'fp32', quant: { bits: 8, blockSize } };
    case 'int4':
      return { layout, precision: 'fp32', quant: { bits: 4, blockSize } };
  }
}

/** Builds one graph from a checkpoint directory and serialises it (nothing is written). */
export function buildGraph(
  modelDir: string,
  spec: GraphSpec,
  options: { externalDataName?: string; externalDataThresholdBytes?: number } = {},
): { serialized: SerializedModel; nodes: number; config: LlamaConfig } {
  const config = readLlamaConfig(modelDir);
  const weights = new SafetensorsReader(modelDir);
  const graphOptions: GraphOptions = {
    precision: spec.precision,
    quant: spec.quant,
    allLogits: spec.allLogits,
  };
  const g =
    spec.layout === 'fused'
      ? buildFusedLlamaGraph(weights, config, graphOptions)
      : buildPlainLlamaGraph(weights, config, graphOptions);
  const weightBytes = estimateWeightBytes(config, spec);
  const external = weightBytes > (options.externalDataThresholdBytes ?? 1024 ** 3);
  const serialized = g.serialize({
    opsets: OPSETS,
    producerName: 'alloy-model-builder',
    externalThresholdBytes: external ? 1024 * 1024 : undefined,
    externalDataName: options.externalDataName,
    metadata: {
      'alloy.layout': spec.layout,
      'alloy.precision': spec.precision,
      'alloy.quant_bits': String(spec.quant?.bits ?? 0),
      'alloy.block_size': String(spec.quant?.blockSize ?? 0),
      'alloy.logits': spec.layout === 'plain' || spec.allLogits ? 'all' : 'last',
    },
  });
  return { serialized, nodes: g.nodeCount, config };
}

/** Writes a serialised model and its external data file (if any). */
export async function writeModelFile(
  path: string,
  serialized: SerializedModel,
): Promise<string | undefined> {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, serialized.model);
  if (!serialized.externalData) return undefined;
  const dataPath = `${path}_data`;
  const out = createWriteStream(dataPath);
  for (const chunk of serialized.externalData) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return dataPath;
}

/** Builds a serving variant into `<modelDir>/onnx/` (plain and fused graphs). */
export async function buildVariant(
  modelDir: string,
  variant: Variant,
  options: BuildOptions = {},
): Promise<BuiltFile[]> {
  const progress = options.onProgress ?? ((): void => undefined);
  const built: BuiltFile[] = [];
  for (const layout of options.layouts ?? (['plain', 'fused'] as const)) {
    const path = join(modelDir, 'onnx', VARIANT_FILES[variant][layout]);
    const started = Date.now();
    progress(`[${variant}/${layout}] reading weights and building the graph`);
    const { serialized, nodes } = buildGraph(
      modelDir,
      graphSpecFor(variant, layout, options.blockSize),
      {
        externalDataName: `${basename(path)}_data`,
        externalDataThresholdBytes: options.externalDataThresholdBytes,
      },
    );
    progress(`[${variant}/${layout}] ${nodes} nodes; writing ${relative(modelDir, path)}`);
    const externalData = await writeModelFile(path, serialized);
    const bytes =
      serialized.model.byteLength +
      (serialized.externalData ?? []).reduce((s, c) => s + c.byteLength, 0);
    progress(
      `[${variant}/${layout}] done: ${(bytes / 1e6).toFixed(1)} MB in ${Date.now() - started} ms`,
    );
    built.push({ layout, path, bytes, nodes, ...(externalData ? { externalData } : {}) });
  }
  return built;
}

function estimateWeightBytes(c: LlamaConfig, spec: GraphSpec): number {
  const perLayer =
    c.hiddenSize * (c.numHeads + 2 * c.numKvHeads) * c.headDim +
    c.numHeads * c.headDim * c.hiddenSize +
    3 * c.hiddenSize * c.intermediateSize;
  const params =
    c.numLayers * perLayer + c.vocabSize * c.hiddenSize * (c.tieWordEmbeddings ? 1 : 2);
  const bytesPerParam = spec.quant ? spec.quant.bits / 8 : spec.precision === 'fp16' ? 2 : 4;
  return params * bytesPerParam;
}
