import type { Variant } from '@alloy/model-builder';
import {
  CancelledError,
  InvalidParameterError,
  PromptTooLongError,
  UnavailableError,
} from '../inference.errors';
import { resolveSampling } from '../sampling/sampling-params';
import { CausalLmSession } from '../session/causal-lm.session';
import type { KvMode, SessionOptions } from '../session/causal-lm.session';
import { TextTokenizer } from '../tokenizer/text-tokenizer';
import { BatchScheduler } from './batch-scheduler';
import type { SchedulerStats } from './batch-scheduler';
import { GenerationSequence } from './generation-sequence';
import type {
  GenerateOptions,
  GenerateRequest,
  GenerationChunk,
  GenerationResult,
  PromptInput,
} from './generation.types';

export interface EngineOptions extends SessionOptions {
  /** Sequences decoded together (default 16). */
  maxBatchSize?: number;
  /** Requests allowed to wait for a free row before OverloadedError (default 64). */
  maxQueue?: number;
  /** max_tokens when a request gives none, clipped to the context (default 256). */
  defaultMaxTokens?: number;
  /**
   * How decoding keeps the KV cache (default `auto`: `step` when the graph has `present_step`
   * outputs, else `grow`). `step`: buffers sized for the batch's requests, only the new entries
   * fetched each step. `grow`: each step's full present outputs become the next inputs. `in-place`:
   * the kernel writes into the sized buffers, but onnxruntime-node (no IO binding) copies the whole
   * cache back every step; kept for comparison, it was about 25% slower at 16 streams.
   */
  kvCache?: KvMode | 'auto';
}

export interface EngineStats extends SchedulerStats {
  device: 'cpu' | 'cuda';
}

/** Generation with one model: tokenizer, chat template, sampling, KV cache and batching. */
export class InferenceEngine {
  private readonly scheduler: BatchScheduler;
  private closing?: Promise<void>;

  private constructor(
    readonly modelDir: string,
    readonly variant: Variant,
    readonly tokenizer: TextTokenizer,
    private readonly session: CausalLmSession,
    private readonly options: EngineOptions,
  ) {
    session.kvPreference = options.kvCache ?? 'auto';
    this.scheduler = new BatchScheduler(session, {
      maxBatchSize: options.maxBatchSize ?? 16,
      maxQueue: options.maxQueue ?? 64,
    });
  }

  /** Loads `<modelDir>/onnx/alloy/model_fused_<variant>.onnx` and the tokenizer beside it. */
  static async load(
    modelDir: string,
    variant: Variant = 'fp32',
    options: EngineOptions = {},
  ): Promise<InferenceEngine> {
    const tokenizer = new TextTokenizer(modelDir);
    const session = await CausalLmSession.load(modelDir, variant, options);
    return new InferenceEngine(modelDir, variant, tokenizer, session, options);
  }

  /** The model's context: prompt plus generated tokens may not exceed it. */
  get contextLength(): number {
    return this.session.config.maxPositions;
  }

  /** Bytes of the model files, the basis of the registry's memory accounting. */
  get modelBytes(): number {
    return this.session.fileBytes;
  }

  /** Requests queued or running. */
  get inFlight(): number {
    return this.scheduler.inFlight;
  }

  stats(): EngineStats {
    return { ...this.scheduler.stats(), device: this.session.device };
  }

  /**
   * Streams a generation. Bad parameters, an over-long prompt and overload throw here, before the
   * first chunk, so a server can still answer with a 4xx or 429/503.
   */
  stream(request: GenerateRequest, options: GenerateOptions = {}): AsyncIterable<GenerationChunk> {
    return this.start(request, options).chunks;
  }

  private start(
    request: GenerateRequest,
    options: GenerateOptions,
  ): { seq: GenerationSequence; chunks: AsyncIterable<GenerationChunk> } {
    if (this.closing) throw new UnavailableError('the model is being unloaded');
    if (options.signal?.aborted) throw new CancelledError();
    const seq = new GenerationSequence(
      this.settings(request),
      this.tokenizer,
      this.session.vocabSize,
      () => undefined,
    );
    const signal = options.signal;
    const onAbort = (): void => {
      seq.cancelled = true;
      seq.queue.fail(new CancelledError());
    };
    this.scheduler.submit(seq);
    signal?.addEventListener('abort', onAbort, { once: true });
    const queue = seq.queue;
    const chunks = {
      async *[Symbol.asyncIterator](): AsyncGenerator<GenerationChunk> {
        try {
          yield* queue;
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      },
    };
    return { seq, chunks };
  }

  async generate(
    request: GenerateRequest,
    options: GenerateOptions = {},
  ): Promise<GenerationResult> {
    const started = performance.now();
    let firstTokenAt: number | undefined;
    let text = '';
    const tokenIds: number[] = [];
    const logprobs: NonNullable<GenerationResult['logprobs']> = [];
    const { seq, chunks } = this.start(request, options);
    for await (const chunk of chunks) {
      firstTokenAt ??= performance.now();
      text += chunk.text;
      tokenIds.push(...chunk.tokenIds);
      if (chunk.logprobs) logprobs.push(...chunk.logprobs);
      if (chunk.finishReason && chunk.usage) {
        const now = performance.now();
        return {
          text,
          tokenIds,
          ...(request.logprobs ? { logprobs } : {}),
          finishReason: chunk.finishReason,
          usage: chunk.usage,
          timings: {
            queueMs: (seq.startedAt ?? now) - seq.enqueuedAt,
            timeToFirstTokenMs: (firstTokenAt ?? now) - started,
            totalMs: now - started,
          },
        };
      }
    }
    throw new CancelledError();
  }

  /** Stops taking requests, lets the ones in flight finish, then frees the session. */
  async close(): Promise<void> {
    this.closing ??= (async () => {
      await this.scheduler.drain();
      await this.session.release();
    })();
    return this.closing;
  }

  /**
   * Checks what a request asks for (sampling, stop sequences, log-probabilities, max tokens, the
   * prompt's form) without tokenising it, and says what is to be tokenised: its text, its chat
   * messages, or nothing when it already gives token ids. Throws InvalidParameterError.
   */
  checkRequest(request: GenerateRequest): PromptInput {
    resolveSampling(request);
    this.checkGenerationLimits(request);
    const given = [request.prompt, request.messages, request.promptTokenIds].filter(
      (x) => x !== undefined,
    );
    if (given.length !== 1)
      throw new InvalidParameterError(
        'prompt',
        'give exactly one of prompt, messages or prompt token ids',
      );
    if (request.promptTokenIds) {
      const v = this.session.vocabSize;
      if (!request.promptTokenIds.every((id) => Number.isInteger(id) && id >= 0 && id < v)) {
        throw new InvalidParameterError('prompt', `token ids must be integers in [0, ${v})`);
      }
      return { promptTokenIds: request.promptTokenIds };
    }
    if (request.messages) {
      if (!this.tokenizer.hasChatTemplate)
        throw new InvalidParameterError('messages', 'the model has no chat template');
      if (
        !Array.isArray(request.messages) ||
        !request.messages.every((m) => typeof m?.role === 'string' && typeof m.content === 'string')
      ) {
        throw new InvalidParameterError('messages', 'each message needs a string role and content');
      }
      return { messages: request.messages };
    }
    if (typeof request.prompt !== 'string')
      throw new InvalidParameterError('prompt', 'must be a string');
    return { prompt: request.prompt };
  }

  /** The prompt's token ids, tokenised on this thread (the registry can use a TokenizerPool). */
  encodePrompt(request: GenerateRequest): number[] {
    const input = this.checkRequest(request);
    if (input.promptTokenIds) return [...input.promptTokenIds];
    if (input.messages) return this.tokenizer.encodeChat(input.messages, true);
    return this.tokenizer.encode(input.prompt);
  }

  private checkGenerationLimits(request: GenerateRequest): void {
    const stop = request.stop ?? [];
    if (
      !Array.isArray(stop) ||
      stop.length > 4 ||
      !stop.every((s) => typeof s === 'string' && s.length > 0)
    ) {
      throw new InvalidParameterError('stop', 'must be at most 4 non-empty strings');
    }
    const top = request.topLogprobs ?? 0;
    if (!Number.isInteger(top) || top < 0 || top > 20) {
      throw new InvalidParameterError('top_logprobs', 'must be an integer in [0, 20]');
    }
    const max = request.maxTokens;
    if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > this.contextLength)) {
      throw new InvalidParameterError(
        'max_tokens',
        `must be an integer in [1, ${this.contextLength}] (the model's context)`,
      );
    }
  }

  private settings(request: GenerateRequest): GenerationSequence['settings'] {
    const sampling = resolveSampling(request);
    const stop = request.stop ?? [];
    const top = request.topLogprobs ?? 0;
    const promptIds = this.encodePrompt(request);
    if (promptIds.length === 0) throw new InvalidParameterError('prompt', 'must not be empty');
    const limit = this.contextLength;
    const maxTokens =
      request.maxTokens ?? Math.min(this.options.defaultMaxTokens ?? 256, limit - promptIds.length);
    if (promptIds.length >= limit || promptIds.length + maxTokens > limit) {
      throw new PromptTooLongError(promptIds.length, limit, maxTokens);
    }
    return {
      promptIds,
      maxTokens,
      contextLimit: limit,
      stop,
      ignoreEos: request.ignoreEos === true,
      ...(request.logprobs || top > 0 ? { topLogprobs: top } : {}),
      sampling,
    };
  }
}
