import * as ort from 'onnxruntime-node';
import type { LlamaConfig } from '@alloy/model-builder';

export type KvDtype = 'float32' | 'float16';
type KvArray = Float32Array | Uint16Array;

/** A row of a cache: where a sequence's keys and values live. */
export interface KvRowRef {
  cache: KvCache;
  row: number;
}

/**
 * The KV cache of a batch: per layer a key and a value tensor [B, kvHeads, width, headDim], each
 * row packed from position 0 and valid for `lengths[b]` positions. Rows are copied only when the
 * batch changes. Decoding either grows the buffers by one position a step (the outputs become the
 * next inputs) or, with a capacity, writes each new position in place into the same buffers.
 */
export class KvCache {
  private constructor(
    private readonly config: LlamaConfig,
    readonly dtype: KvDtype,
    readonly tensors: ort.Tensor[],
    readonly lengths: number[],
    readonly width: number,
  ) {}

  get batch(): number {
    return this.lengths.length;
  }

  static empty(config: LlamaConfig, dtype: KvDtype, batch: number): KvCache {
    const dims = [batch, config.numKvHeads, 0, config.headDim];
    const tensors = Array.from(
      { length: config.numLayers * 2 },
      () => new ort.Tensor(dtype, alloc(dtype, 0), dims),
    );
    return new KvCache(config, dtype, tensors, new Array<number>(batch).fill(0), 0);
  }

  static fromOutputs(
    config: LlamaConfig,
    out: ort.InferenceSession.OnnxValueMapType,
    lengths: number[],
  ): KvCache {
    const tensors: ort.Tensor[] = [];
    for (let l = 0; l < config.numLayers; l++) {
      tensors.push(out[`present.${l}.key`], out[`present.${l}.value`]);
    }
    const first = tensors[0];
    return new KvCache(config, first.type as KvDtype, tensors, lengths, first.dims[2]);
  }

  /**
   * Builds a cache from rows of other caches, in order, with width = the longest row. This is the
   * one place rows are copied: when sequences join or leave the batch.
   */
  static gather(
    config: LlamaConfig,
    dtype: KvDtype,
    rows: readonly KvRowRef[],
    capacity = 0,
  ): KvCache {
    const lengths = rows.map((r) => r.cache.lengths[r.row]);
    const width = Math.max(capacity, ...lengths);
    const heads = config.numKvHeads;
    const d = config.headDim;
    const tensors = Array.from({ length: config.numLayers * 2 }, (_, t) => {
      const data = alloc(dtype, rows.length * heads * width * d);
      rows.forEach((r, b) => {
        const src = r.cache.tensors[t].data as KvArray;
        const srcWidth = r.cache.width;
        const len = lengths[b];
        for (let h = 0; h < heads; h++) {
          const from = (r.row * heads + h) * srcWidth * d;
          data.set(src.subarray(from, from + len * d), (b * heads + h) * width * d);
        }
      });
      return new ort.Tensor(dtype, data, [rows.length, heads, width, d]);
    });
    return new KvCache(config, dtype, tensors, lengths, width);
  }

  /** The same buffers, each row one position longer (after an in-place decode step). */
  grown(): KvCache {
    return new KvCache(
      this.config,
      this.dtype,
      this.tensors,
      this.lengths.map((l) => l + 1),
      this.width,
    );
  }

  /** Whether every row can take one more position without growing the buffers. */
  get hasRoom(): boolean {
    return Math.max(...this.lengths) < this.width;
  }

  /** The buffers as pre-allocated outputs, so GroupQueryAttention writes the new position in place. */
  fetches(): Record<string, ort.Tensor | null> {
    const fetches: Record<string, ort.Tensor | null> = { logits: null };
    for (let l = 0; l < this.config.numLayers; l++) {
      fetches[`present.${l}.key`] = this.tensors[2 * l];
      fetches[`present.${l}.value`] = this.tensors[2 * l + 1];
    }
    return fetches;
  }

  /** Output names that hold only each row's newest keys and values ([B, kvHeads, 1, headDim]). */
  stepFetchNames(): string[] {
    const names = ['logits'];
    for (let l = 0; l < this.config.numLayers; l++) {
      names.push(`present_step.${l}.key`, `present_step.${l}.value`);
    }
    return names;
  }

  /** Writes one decode step's new entries at each row's length, in place; rows grow by one. */
  appendStep(out: ort.InferenceSession.OnnxValueMapType): KvCache {
    const heads = this.config.numKvHeads;
    const d = this.config.headDim;
    this.tensors.forEach((tensor, t) => {
      const name = `present_step.${t >> 1}.${t & 1 ? 'value' : 'key'}`;
      const step = out[name].data as KvArray;
      const data = tensor.data as KvArray;
      this.lengths.forEach((len, b) => {
        for (let h = 0; h < heads; h++) {
          const from = (b * heads + h) * d;
          data.set(step.subarray(from, from + d), ((b * heads + h) * this.width + len) * d);
        }
      });
    });
    return this.grown();
  }

  feeds(): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = {};
    for (let l = 0; l < this.config.numLayers; l++) {
      feeds[`past_key_values.${l}.key`] = this.tensors[2 * l]!;
      feeds[`past_key_values.${l}.value`] = this.tensors[2 * l + 1]!;
    }
    return feeds;
  }

  get bytes(): number {
    return this.tensors.reduce((s, t) => s + (t.data as KvArray).byteLength, 0);
  }
}

function alloc(dtype: KvDtype, n: number): KvArray {
  return dtype === 'float16' ? new Uint16Array(n) : new Float32Array(n);
}
