import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { VARIANT_FILES, readLlamaConfig } from '@alloy/model-builder';
import type { LlamaConfig, Variant } from '@alloy/model-builder';
import { ModelLoadError } from '../inference.errors';
import { KvCache } from './kv-cache';
import type { KvDtype } from './kv-cache';

export type KvMode = 'step' | 'in-place' | 'grow';

export interface SessionOptions {
  /** Intra-op threads per session (default: all cores). Two beat one by 20-30% on 2 cores. */
  intraOpNumThreads?: number;
  /** `auto` uses CUDA when onnxruntime-node ships its provider on this machine. */
  device?: 'auto' | 'cpu' | 'cuda';
}

/** The CUDA provider library is present only when onnxruntime-node's install fetched it. */
function cudaAvailable(): boolean {
  try {
    const bin = join(
      dirname(require.resolve('onnxruntime-node')),
      '..',
      'bin',
      'napi-v6',
      process.platform,
      process.arch,
    );
    return existsSync(join(bin, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/**
 * One loaded fused graph (`onnx/alloy/model_fused_*.onnx`) and the two calls generation needs:
 * a batch-1 prefill and a batched one-token decode over a KV cache packed from position 0.
 */
export class CausalLmSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly config: LlamaConfig,
    readonly kvDtype: KvDtype,
    readonly fileBytes: number,
    readonly device: 'cpu' | 'cuda',
  ) {}

  static modelFile(modelDir: string, variant: Variant): string {
    return join(modelDir, 'onnx', VARIANT_FILES[variant].fused);
  }

  static async load(
    modelDir: string,
    variant: Variant,
    options: SessionOptions = {},
  ): Promise<CausalLmSession> {
    const file = CausalLmSession.modelFile(modelDir, variant);
    if (!existsSync(file)) {
      throw new ModelLoadError(
        `${file} is missing: build it with the model-builder CLI (--variant ${variant})`,
      );
    }
    const config = readLlamaConfig(modelDir);
    const bytes =
      statSync(file).size + (existsSync(`${file}_data`) ? statSync(`${file}_data`).size : 0);
    const base: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: options.intraOpNumThreads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    };
    const wantCuda = options.device === 'cuda' || (options.device !== 'cpu' && cudaAvailable());
    try {
      if (wantCuda) {
        try {
          const s = await ort.InferenceSession.create(file, {
            ...base,
            executionProviders: ['cuda', 'cpu'],
          });
          return new CausalLmSession(
            s,
            config,
            variant === 'fp16' ? 'float16' : 'float32',
            bytes,
            'cuda',
          );
        } catch (err) {
          if (options.device === 'cuda') throw err;
        }
      }
      const s = await ort.InferenceSession.create(file, { ...base, executionProviders: ['cpu'] });
      return new CausalLmSession(
        s,
        config,
        variant === 'fp16' ? 'float16' : 'float32',
        bytes,
        'cpu',
      );
    } catch (err) {
      throw new ModelLoadError(
        `loading ${file} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /**
   * How decoding keeps the cache: `step` (graphs with `present_step` outputs) keeps buffers sized
   * for the requests and fetches only the new entries; `in-place` has the kernel write into those
   * buffers but gets the whole cache copied back; `grow` feeds each step's outputs to the next.
   */
  get kvMode(): KvMode {
    const hasStep = this.session.outputNames.includes('present_step.0.key');
    if (this.kvPreference === 'auto') return hasStep ? 'step' : 'grow';
    if (this.kvPreference === 'step' && !hasStep) return 'grow';
    return this.kvPreference;
  }

  /** Set by the engine (EngineOptions.kvCache). */
  kvPreference: KvMode | 'auto' = 'auto';

  get vocabSize(): number {
    return this.config.vocabSize;
  }

  /** Runs a prompt alone; returns the logits of its last position and its cache (width = length). */
  async prefill(ids: readonly number[]): Promise<{ logits: Float32Array; kv: KvCache }> {
    const s = ids.length;
    const feeds: Record<string, ort.Tensor> = {
      input_ids: int64([...ids], [1, s]),
      attention_mask: int64(new Array<number>(s).fill(1), [1, s]),
      ...KvCache.empty(this.config, this.kvDtype, 1).feeds(),
    };
    const out = await this.session.run(feeds);
    const logits = out['logits'].data as Float32Array;
    const v = this.vocabSize;
    // [1, 1, V] (last position only) or [1, S, V]: the last V values either way.
    return {
      logits: logits.slice(logits.length - v),
      kv: KvCache.fromOutputs(this.config, out, [s]),
    };
  }

  /**
   * One decode step for every row of `kv`: row b feeds `tokens[b]` at position `kv.lengths[b]`.
   * Returns logits [B, V] and the grown cache. When the buffers have room, past and present are
   * the same memory and GroupQueryAttention only writes the new position (no copy of the cache
   * inside the kernel); onnxruntime-node still returns copies of the outputs, which are dropped.
   */
  async decode(
    kv: KvCache,
    tokens: readonly number[],
  ): Promise<{ logits: Float32Array; kv: KvCache }> {
    const batch = tokens.length;
    const total = Math.max(...kv.lengths) + 1;
    const mask = new Array<number>(batch * total).fill(0);
    kv.lengths.forEach((len, b) => mask.fill(1, b * total, b * total + len + 1));
    const feeds: Record<string, ort.Tensor> = {
      input_ids: int64([...tokens], [batch, 1]),
      attention_mask: int64(mask, [batch, total]),
      ...kv.feeds(),
    };
    if (kv.hasRoom && this.kvMode === 'step') {
      // Only the new entries come back: no copy of the whole cache through the binding.
      const out = await this.session.run(feeds, kv.stepFetchNames());
      return { logits: out['logits'].data as Float32Array, kv: kv.appendStep(out) };
    }
    if (kv.hasRoom && this.kvMode === 'in-place') {
      const out = await this.session.run(feeds, kv.fetches());
      return { logits: out['logits'].data as Float32Array, kv: kv.grown() };
    }
    const out = await this.session.run(feeds);
    return {
      logits: out['logits'].data as Float32Array,
      kv: KvCache.fromOutputs(
        this.config,
        out,
        kv.lengths.map((l) => l + 1),
      ),
    };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function int64(values: number[], dims: number[]): ort.Tensor {
  return new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );
}
