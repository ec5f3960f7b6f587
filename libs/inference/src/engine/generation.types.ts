import type { SamplingParams } from '../sampling/sampling-params';
import type { TopLogprob } from '../sampling/token-sampler';
import type { ChatMessage } from '../tokenizer/text-tokenizer';

/** One generation request. Give exactly one of `prompt`, `messages` or `promptTokenIds`. */
export interface GenerateRequest extends SamplingParams {
  /** Raw text, used as it is. */
  prompt?: string;
  /** Chat messages, rendered with the model's chat template (with the generation prompt). */
  messages?: ChatMessage[];
  /** Already tokenised prompt. */
  promptTokenIds?: number[];
  /** Tokens to generate at most. Default: 256, or what is left of the context. */
  maxTokens?: number;
  /** Up to 4 strings; generation stops before the first of them, which is not returned. */
  stop?: string[];
  /** Keep generating past end-of-sequence tokens (benchmarks that need a fixed length). */
  ignoreEos?: boolean;
  /** Return the log-probability of each generated token, and this many alternatives (0-20). */
  logprobs?: boolean;
  topLogprobs?: number;
}

/** What a request's prompt is, once checked: exactly one of text, chat messages or token ids. */
export type PromptInput =
  | { prompt: string; messages?: undefined; promptTokenIds?: undefined }
  | { messages: ChatMessage[]; prompt?: undefined; promptTokenIds?: undefined }
  | { promptTokenIds: number[]; prompt?: undefined; messages?: undefined };

export interface GenerateOptions {
  /** Aborting stops the request: a stream ends with CancelledError, `generate` rejects with it. */
  signal?: AbortSignal;
}

export type FinishReason = 'stop' | 'length';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface TokenLogprob {
  tokenId: number;
  token: string;
  logprob: number;
  topLogprobs?: (TopLogprob & { token: string })[];
}

/** A piece of a streamed generation. The last one carries `finishReason` and `usage`. */
export interface GenerationChunk {
  /** New text since the previous chunk (held back while it could still become a stop sequence). */
  text: string;
  tokenIds: number[];
  logprobs?: TokenLogprob[];
  finishReason?: FinishReason;
  usage?: Usage;
}

export interface GenerationTimings {
  queueMs: number;
  timeToFirstTokenMs: number;
  totalMs: number;
}

export interface GenerationResult {
  text: string;
  tokenIds: number[];
  logprobs?: TokenLogprob[];
  finishReason: FinishReason;
  usage: Usage;
  timings: GenerationTimings;
}
