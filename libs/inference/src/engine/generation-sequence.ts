import type { ResolvedSampling } from '../sampling/sampling-params';
import type { SampledToken } from '../sampling/token-sampler';
import { TokenSampler } from '../sampling/token-sampler';
import type { TextTokenizer } from '../tokenizer/text-tokenizer';
import { ChunkQueue } from './chunk-queue';
import type {
  FinishReason,
  GenerationChunk,
  GenerationResult,
  TokenLogprob,
} from './generation.types';

export interface SequenceSettings {
  promptIds: number[];
  maxTokens: number;
  contextLimit: number;
  stop: string[];
  topLogprobs?: number;
  ignoreEos?: boolean;
  sampling: ResolvedSampling;
}

/** The state of one request while the scheduler runs it. */
export class GenerationSequence {
  readonly queue: ChunkQueue<GenerationChunk>;
  readonly sampler: TokenSampler;
  readonly generated: number[] = [];
  readonly logprobs: TokenLogprob[] = [];
  /** Positions already in the KV cache; the last sampled token is fed at this position next. */
  kvLength = 0;
  finishReason?: FinishReason;
  cancelled = false;
  private sampledCount = 0;
  private emittedChars = 0;
  private finalText?: string;
  private readonly maxStopLength: number;
  readonly enqueuedAt = performance.now();
  startedAt?: number;
  firstTokenAt?: number;

  constructor(
    readonly settings: SequenceSettings,
    private readonly tokenizer: TextTokenizer,
    vocabSize: number,
    onCancel: () => void,
  ) {
    this.sampler = new TokenSampler(settings.sampling, vocabSize, settings.promptIds);
    this.maxStopLength = Math.max(0, ...settings.stop.map((s) => s.length));
    this.queue = new ChunkQueue<GenerationChunk>(() => {
      this.cancelled = true;
      onCancel();
    });
  }

  get done(): boolean {
    return this.finishReason !== undefined || this.cancelled;
  }

  get lastToken(): number {
    return this.generated.at(-1)!;
  }

  sample(logits: Float32Array): SampledToken {
    return this.sampler.sample(logits, this.settings.topLogprobs);
  }

  /** Takes a sampled token, decides whether the sequence ends, and streams what can be shown. */
  accept(token: SampledToken): void {
    this.firstTokenAt ??= performance.now();
    this.sampledCount++;
    const chunkIds: number[] = [];
    const chunkLogprobs: TokenLogprob[] = [];
    if (!this.settings.ignoreEos && this.tokenizer.eosTokenIds.has(token.tokenId)) {
      this.finishReason = 'stop';
    } else {
      this.generated.push(token.tokenId);
      chunkIds.push(token.tokenId);
      if (token.logprob !== undefined) {
        const entry: TokenLogprob = {
          tokenId: token.tokenId,
          token: this.tokenizer.decode([token.tokenId], false),
          logprob: token.logprob,
          ...(token.topLogprobs
            ? {
                topLogprobs: token.topLogprobs.map((t) => ({
                  ...t,
                  token: this.tokenizer.decode([t.tokenId], false),
                })),
              }
            : {}),
        };
        this.logprobs.push(entry);
        chunkLogprobs.push(entry);
      }
    }
    const text = this.tokenizer.decode(this.generated);
    if (this.finishReason === undefined && this.settings.stop.length) {
      const from = Math.max(0, this.emittedChars - this.maxStopLength);
      let cut = -1;
      for (const s of this.settings.stop) {
        const at = text.indexOf(s, from);
        if (at >= 0 && (cut < 0 || at < cut)) cut = at;
      }
      if (cut >= 0) {
        this.finishReason = 'stop';
        this.finalText = text.slice(0, cut);
      }
    }
    if (this.finishReason === undefined) {
      if (this.generated.length >= this.settings.maxTokens) this.finishReason = 'length';
      else if (this.kvLength + 1 >= this.settings.contextLimit) this.finishReason = 'length';
    }
    const full = this.finalText ?? text;
    let visible = full.length;
    if (this.finishReason === undefined) {
      // Hold back what may still grow into a stop sequence or complete a multi-byte character.
      visible = Math.max(this.emittedChars, full.length - Math.max(0, this.maxStopLength - 1));
      while (visible > this.emittedChars && full.charCodeAt(visible - 1) === 0xfffd) visible--;
    }
    const delta = full.slice(this.emittedChars, visible);
    this.emittedChars = visible;
    const chunk: GenerationChunk = { text: delta, tokenIds: chunkIds };
    if (chunkLogprobs.length) chunk.logprobs = chunkLogprobs;
    if (this.finishReason !== undefined) {
      chunk.finishReason = this.finishReason;
      chunk.usage = this.usage();
    }
    if (chunk.text || chunk.tokenIds.length || chunk.finishReason) this.queue.push(chunk);
    if (this.finishReason !== undefined) this.queue.end();
  }

  usage(): GenerationResult['usage'] {
    const promptTokens = this.settings.promptIds.length;
    return {
      promptTokens,
      completionTokens: this.sampledCount,
      totalTokens: promptTokens + this.sampledCount,
    };
  }
}
