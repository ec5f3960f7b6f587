import type { Variant } from '@alloy/model-builder';
import { InferenceEngine } from '../engine/inference-engine';
import type { EngineOptions } from '../engine/inference-engine';
import type {
  GenerateOptions,
  GenerateRequest,
  GenerationChunk,
  GenerationResult,
} from '../engine/generation.types';
import { CancelledError, ModelNotFoundError } from '../inference.errors';
import { TokenizerPool } from '../tokenizer/tokenizer-pool';

/** Where a servable model version lives. */
export interface ModelSource {
  dir: string;
  variant?: Variant;
  options?: EngineOptions;
}

export interface RegistryOptions {
  /** Bytes of model files that may be loaded at once (default: 4 GiB). */
  memoryBudgetBytes?: number;
  /** Engine defaults for every model (threads, batch size, queue bound). */
  engine?: EngineOptions;
  /**
   * Worker threads that tokenise prompts, so that a long one does not stall the event loop
   * (default 0: on the calling thread).
   */
  tokenizerThreads?: number;
  /** Called with what the registry loads and unloads, for logs and metrics. */
  onEvent?: (event: {
    type: 'loaded' | 'unloaded';
    modelId: string;
    bytes: number;
    ms?: number;
  }) => void;
}

interface Entry {
  source: ModelSource;
  engine?: InferenceEngine;
  loading?: Promise<InferenceEngine>;
  /** Leases held by requests that have not finished; a leased model is never unloaded. */
  leases: number;
  lastUsed: number;
}

/**
 * Several models in one process: loaded on first use, the least recently used idle one unloaded
 * when the memory budget would be exceeded. A model with a request in flight is never unloaded;
 * when every loaded model is busy the registry goes over budget rather than drop a request.
 */
export class ModelRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly budget: number;
  private readonly tokenizers?: TokenizerPool;

  constructor(private readonly options: RegistryOptions = {}) {
    this.budget = options.memoryBudgetBytes ?? 4 * 1024 ** 3;
    if (options.tokenizerThreads)
      this.tokenizers = new TokenizerPool({ threads: options.tokenizerThreads });
  }

  /** Prompts tokenised on the worker threads so far. */
  get tokenizedOffThread(): number {
    return this.tokenizers?.completed ?? 0;
  }

  /** Registers (or re-points) a model id; an engine already loaded for it keeps serving until idle. */
  register(modelId: string, source: ModelSource): void {
    const existing = this.entries.get(modelId);
    if (
      existing &&
      existing.source.dir === source.dir &&
      existing.source.variant === source.variant
    )
      return;
    this.entries.set(modelId, { source, leases: 0, lastUsed: 0 });
    const old = existing?.engine;
    if (old) {
      // Requests in flight finish on the old engine; it closes once they are done.
      void old
        .close()
        .then(() => this.options.onEvent?.({ type: 'unloaded', modelId, bytes: old.modelBytes }));
    }
  }

  has(modelId: string): boolean {
    return this.entries.has(modelId);
  }

  loadedModels(): { modelId: string; bytes: number; inFlight: number }[] {
    return [...this.entries]
      .filter(([, e]) => e.engine)
      .map(([modelId, e]) => ({
        modelId,
        bytes: e.engine!.modelBytes,
        inFlight: e.engine!.inFlight,
      }));
  }

  /** The engine of a model, loading it if needed (the caller must not keep it across requests). */
  async engine(modelId: string): Promise<InferenceEngine> {
    const entry = this.entries.get(modelId);
    if (!entry) throw new ModelNotFoundError(modelId);
    entry.lastUsed = performance.now();
    if (entry.engine) return entry.engine;
    entry.loading ??= this.loadEntry(modelId, entry);
    return entry.loading;
  }

  async generate(
    modelId: string,
    request: GenerateRequest,
    options?: GenerateOptions,
  ): Promise<GenerationResult> {
    const { engine, release } = await this.lease(modelId);
    try {
      return await engine.generate(await this.tokenized(engine, request, options), options);
    } finally {
      release();
    }
  }

  /** Streams from a model; the model stays loaded until the stream ends or is abandoned. */
  async stream(
    modelId: string,
    request: GenerateRequest,
    options?: GenerateOptions,
  ): Promise<AsyncIterable<GenerationChunk>> {
    const { engine, release } = await this.lease(modelId);
    let chunks: AsyncIterable<GenerationChunk>;
    try {
      chunks = engine.stream(await this.tokenized(engine, request, options), options);
    } catch (err) {
      release();
      throw err;
    }
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<GenerationChunk> {
        try {
          yield* chunks;
        } finally {
          release();
        }
      },
    };
  }

  /** Unloads a model once its requests are done (they are not interrupted). */
  async unload(modelId: string): Promise<void> {
    const entry = this.entries.get(modelId);
    const engine = entry?.engine;
    if (!entry || !engine) return;
    entry.engine = undefined;
    entry.loading = undefined;
    await engine.close();
    this.options.onEvent?.({ type: 'unloaded', modelId, bytes: engine.modelBytes });
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.unload(id)));
    await this.tokenizers?.close();
  }

  /**
   * The request with its prompt tokenised on the pool's threads, checked first so that a bad
   * request costs no tokenising. Without a pool the engine tokenises it itself.
   */
  private async tokenized(
    engine: InferenceEngine,
    request: GenerateRequest,
    options?: GenerateOptions,
  ): Promise<GenerateRequest> {
    if (!this.tokenizers) return request;
    const input = engine.checkRequest(request);
    if (input.promptTokenIds) return request;
    const promptTokenIds = await this.tokenizers.encode({ modelDir: engine.modelDir, ...input });
    // A running tokenisation is not interrupted (that would cost its thread); its result is dropped.
    if (options?.signal?.aborted) throw new CancelledError();
    return { ...request, prompt: undefined, messages: undefined, promptTokenIds };
  }

  private async lease(modelId: string): Promise<{ engine: InferenceEngine; release: () => void }> {
    const entry = this.entries.get(modelId);
    if (!entry) throw new ModelNotFoundError(modelId);
    entry.leases++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      entry.leases--;
      entry.lastUsed = performance.now();
    };
    try {
      return { engine: await this.engine(modelId), release };
    } catch (err) {
      release();
      throw err;
    }
  }

  private async loadEntry(modelId: string, entry: Entry): Promise<InferenceEngine> {
    const started = performance.now();
    try {
      const engine = await InferenceEngine.load(entry.source.dir, entry.source.variant ?? 'fp32', {
        ...this.options.engine,
        ...entry.source.options,
      });
      if (this.entries.get(modelId) !== entry) {
        // Re-registered while loading: this engine is no longer wanted.
        await engine.close();
        return this.engine(modelId);
      }
      entry.engine = engine;
      await this.evictFor(modelId);
      this.options.onEvent?.({
        type: 'loaded',
        modelId,
        bytes: engine.modelBytes,
        ms: performance.now() - started,
      });
      return engine;
    } finally {
      entry.loading = undefined;
    }
  }

  /** Unloads idle models, least recently used first, until the loaded ones fit the budget. */
  private async evictFor(keep: string): Promise<void> {
    const loaded = (): number => this.loadedModels().reduce((s, m) => s + m.bytes, 0);
    const idle = [...this.entries]
      .filter(([id, e]) => id !== keep && e.engine && e.leases === 0 && e.engine.inFlight === 0)
      .sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [id] of idle) {
      if (loaded() <= this.budget) break;
      await this.unload(id);
    }
  }
}
