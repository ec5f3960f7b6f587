import { ropeInverseFrequencies } from '@alloy/contracts';
import type { LlamaConfig } from '../checkpoint/llama-config';
import type { SafetensorsReader } from '../checkpoint/safetensors.reader';
import type { OnnxGraphBuilder, TensorData } from '../onnx/onnx-graph.builder';
import { float16Tensor, float32Tensor, uint8Tensor } from '../onnx/onnx-graph.builder';
import type { QuantBits } from '../quant/block-quantizer';
import { dequantizeBlockwise, quantizeBlockwise } from '../quant/block-quantizer';
import { toFloat16Array } from '../quant/float16';

export type Precision = 'fp32' | 'fp16';

export interface QuantOptions {
  bits: QuantBits;
  blockSize: number;
  /**
   * Write float MatMuls holding the dequantised weights instead of MatMulNBits: the reference graph
   * that checks the packing with teacher-forced logits.
   */
  dequantized?: boolean;
}

export interface GraphOptions {
  precision: Precision;
  quant?: QuantOptions;
  /**
   * Fused graph only: `logits` for every input position (teacher-forced checks) instead of only
   * each row's last one, which is all generation needs and saves the output head's work and a
   * [S, vocab] copy on every prompt.
   */
  allLogits?: boolean;
}

/**
 * Checkpoint tensors no graph reads because they are derived from config.json: the rotary
 * frequencies some exporters store per layer.
 */
const DERIVED = /(^|\.)rotary_emb\.inv_freq$/;

/**
 * Emits the weight-carrying operators shared by the plain and the fused graph, and keeps count of
 * the checkpoint tensors they read, so a graph that leaves one unread fails instead of serving a
 * different model than the one trained.
 */
export class GraphWeights {
  readonly floatType: 'float32' | 'float16';
  private readonly read = new Set<string>();

  constructor(
    readonly g: OnnxGraphBuilder,
    readonly weights: SafetensorsReader,
    readonly config: LlamaConfig,
    readonly options: GraphOptions,
  ) {
    this.floatType = options.precision === 'fp16' ? 'float16' : 'float32';
  }

  floatTensor(values: Float32Array, dims: number[]): TensorData {
    return this.options.precision === 'fp16'
      ? float16Tensor(toFloat16Array(values), dims)
      : float32Tensor(values, dims);
  }

  /** A float initializer in the graph's precision. */
  constantFloat(name: string, values: Float32Array, dims: number[]): string {
    return this.g.initializer(name, this.floatTensor(values, dims));
  }

  scalar(prefix: string, value: number): string {
    return this.g.constant(prefix, this.floatTensor(Float32Array.of(value), []));
  }

  /** A checkpoint tensor as float32, counted as used. */
  tensor(name: string): Float32Array {
    const values = this.weights.float32(name);
    this.read.add(name);
    return values;
  }

  vector(name: string): string {
    return this.constantFloat(name, this.tensor(name), this.weights.shape(name));
  }

  /**
   * y = x W^T + b for a weight stored [N, K]; rows of several weights may be packed along N. A
   * weight's `.bias` (Qwen2's q/k/v, any `attention_bias` or `mlp_bias` model) is added when the
   * checkpoint has it; in a packed projection a part without one adds zeros.
   */
  linear(x: string, names: string[], label: string, quantize = true): string {
    const parts = names.map((n) => this.tensor(n));
    const k = this.weights.shape(names[0])[1];
    const rows = parts.map((p) => p.length / k);
    const n = rows.reduce((sum, r) => sum + r, 0);
    const weight = concat(parts);
    const y = this.linearFrom(x, weight, n, k, label, quantize);
    const biasNames = names.map((name) => name.replace(/\.weight$/, '.bias'));
    if (!biasNames.some((b) => this.weights.has(b))) return y;
    const bias = concat(
      biasNames.map((b, i) => (this.weights.has(b) ? this.tensor(b) : new Float32Array(rows[i]))),
    );
    return this.g.op('Add', [y, this.constantFloat(`${label}.bias`, bias, [n])]);
  }

  /**
   * The trainer's bottleneck adapter on a decoder layer's MLP output (`method: adapter`):
   * h + up(silu(down(h))), both projections with their biases, kept in float (a few thousand
   * weights, and a bottleneck narrower than a quantisation block).
   */
  mlpAdapter(h: string, layerPrefix: string): string {
    if (!this.config.adapter) return h;
    const p = `${layerPrefix}mlp_adapter.`;
    const down = this.linear(h, [`${p}down_proj.weight`], `${p}down_proj`, false);
    const act = this.g.op('Mul', [down, this.g.op('Sigmoid', [down])]);
    return this.g.op('Add', [h, this.linear(act, [`${p}up_proj.weight`], `${p}up_proj`, false)]);
  }

  /**
   * Fails naming every checkpoint tensor the graph did not read (other than derived rotary
   * frequencies): an unknown tensor means an architecture feature the graph would silently drop.
   */
  accountForEveryTensor(): void {
    const unread = this.weights.names().filter((n) => !this.read.has(n) && !DERIVED.test(n));
    if (unread.length) {
      const shown = unread.slice(0, 8).join(', ');
      throw new Error(
        `the checkpoint holds ${unread.length} tensor(s) the graph does not use: ${shown}${unread.length > 8 ? ', ...' : ''}; serving without them would change the model's outputs`,
      );
    }
  }

  linearFrom(
    x: string,
    weight: Float32Array,
    n: number,
    k: number,
    label: string,
    quantize = true,
  ): string {
    const quant = quantize ? this.options.quant : undefined;
    if (quant && !quant.dequantized) {
      const packed = quantizeBlockwise(weight, n, k, quant.bits, quant.blockSize);
      const b = this.g.initializer(
        `${label}.qweight`,
        uint8Tensor(packed.data, [n, packed.blocksPerRow, (quant.blockSize * quant.bits) / 8]),
      );
      const scales = this.constantFloat(`${label}.scales`, packed.scales, [packed.scales.length]);
      return this.g.op(
        'MatMulNBits',
        [x, b, scales],
        {
          K: { i: k },
          N: { i: n },
          bits: { i: quant.bits },
          block_size: { i: quant.blockSize },
          // Level 4 quantises activations to int8 and uses integer kernels: several times faster.
          accuracy_level: { i: 4 },
        },
        'com.microsoft',
        `${label}/MatMulNBits`,
      );
    }
    const source = quant
      ? dequantizeBlockwise(
          quantizeBlockwise(weight, n, k, quant.bits, quant.blockSize),
          quant.bits,
          quant.blockSize,
        )
      : weight;
    const w = this.constantFloat(`${label}.weight`, transpose(source, n, k), [k, n]);
    return this.g.op('MatMul', [x, w], {}, '', `${label}/MatMul`);
  }

  /** The token embedding table [V, H], stored once even when the output head is tied to it. */
  embedding(): string {
    return this.vector('model.embed_tokens.weight');
  }

  /** Logits [B, S, V] as float32 from the final hidden states [B, S, H]. */
  lmHead(hidden: string, embeddingName: string): string {
    const { vocabSize: v, hiddenSize: h, tieWordEmbeddings } = this.config;
    const name =
      tieWordEmbeddings || !this.weights.has('lm_head.weight')
        ? 'model.embed_tokens.weight'
        : 'lm_head.weight';
    if (name === 'model.embed_tokens.weight' && this.weights.has('lm_head.weight'))
      this.checkTiedHead();
    let logits: string;
    if (this.options.quant) {
      logits = this.linearFrom(hidden, this.tensor(name), v, h, 'lm_head');
    } else {
      // Gemm with transB reads the [V, H] table as it is stored, so a tied head shares the embedding.
      const table = name === 'model.embed_tokens.weight' ? embeddingName : this.vector(name);
      const flat = this.g.op('Reshape', [hidden, this.g.ints('flat', [-1, h])]);
      const gemm = this.g.op('Gemm', [flat, table], { transB: { i: 1 } }, '', 'lm_head/Gemm');
      const batchSeq = this.g.op('Shape', [hidden], { start: { i: 0 }, end: { i: 2 } });
      const outShape = this.g.op('Concat', [batchSeq, this.g.ints('vocab', [v])], {
        axis: { i: 0 },
      });
      logits = this.g.op('Reshape', [gemm, outShape]);
    }
    if (this.options.precision === 'fp16') {
      return this.g.op('Cast', [logits], { to: { i: 1 } }, '', 'logits_cast');
    }
    return logits;
  }

  /**
   * A tied model saved with its head as well: the head is the embedding only if the two are
   * equal, otherwise serving the embedding as the head would change the outputs.
   */
  private checkTiedHead(): void {
    const head = this.tensor('lm_head.weight');
    const table = this.weights.float32('model.embed_tokens.weight');
    if (head.length !== table.length || head.some((value, i) => value !== table[i]))
      throw new Error(
        'config.json says tie_word_embeddings but lm_head.weight differs from model.embed_tokens.weight',
      );
  }

  /**
   * Rotary tables [maxPositions, headDim / 2] as transformers computes them (theta^(-2i/d), then
   * the config's rope_scaling).
   */
  rotaryTables(): { cos: Float32Array; sin: Float32Array; half: number } {
    const { headDim: d, maxPositions, ropeTheta, ropeScaling } = this.config;
    const half = d / 2;
    const cos = new Float32Array(maxPositions * half);
    const sin = new Float32Array(maxPositions * half);
    const inverse = ropeInverseFrequencies(d, ropeTheta, ropeScaling);
    for (let i = 0; i < half; i++) {
      const invFreq = inverse[i];
      for (let p = 0; p < maxPositions; p++) {
        const angle = Math.fround(p * invFreq);
        cos[p * half + i] = Math.cos(angle);
        sin[p * half + i] = Math.sin(angle);
      }
    }
    return { cos, sin, half };
  }
}

function concat(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0];
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** [N, K] -> [K, N] */
export function transpose(w: Float32Array, n: number, k: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < n; r++) for (let c = 0; c < k; c++) out[c * n + r] = w[r * k + c]!;
  return out;
}
