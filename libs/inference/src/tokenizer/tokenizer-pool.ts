import path from 'node:path';
import { Piscina } from 'piscina';
import { OverloadedError } from '../inference.errors';
import type { ChatMessage } from './text-tokenizer';

/** A prompt to tokenise with the tokenizer of the model in `modelDir`: text or chat messages. */
export type EncodeTask = { modelDir: string } & (
  { prompt: string; messages?: undefined } | { messages: ChatMessage[]; prompt?: undefined }
);

export interface TokenizerPoolOptions {
  /** Worker threads (default 1). */
  threads?: number;
  /** Prompts that may wait for a thread before OverloadedError (default 256). */
  maxQueue?: number;
}

/**
 * Tokenises prompts on worker threads, so that a long prompt (a BPE pass over 200,000 characters
 * takes about a second) does not stall the event loop: other streams, probes and requests go on.
 */
export class TokenizerPool {
  private readonly pool: Piscina<EncodeTask, Uint32Array>;
  /** Prompts being tokenised or waiting, at most the threads plus maxQueue. */
  private pending = 0;
  private readonly maxPending: number;

  constructor(options: TokenizerPoolOptions = {}) {
    const threads = options.threads ?? 1;
    this.maxPending = threads + (options.maxQueue ?? 256);
    this.pool = new Piscina({
      filename: path.join(__dirname, `tokenizer.worker${path.extname(__filename)}`),
      minThreads: threads,
      maxThreads: threads,
      execArgv: workerExecArgv(),
    });
  }

  /** Prompts tokenised so far. */
  get completed(): number {
    return this.pool.completed;
  }

  async encode(task: EncodeTask): Promise<number[]> {
    if (this.pending >= this.maxPending)
      throw new OverloadedError(1000, 'too many prompts are waiting to be tokenised');
    this.pending++;
    try {
      return Array.from(await this.pool.run(task));
    } finally {
      this.pending--;
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/**
 * The sources run as TypeScript. Under `node -r tools/register.cjs` the worker inherits the hook
 * with the process's options; under a runner that compiles them itself (vitest) it gets its own.
 */
function workerExecArgv(): string[] | undefined {
  if (path.extname(__filename) !== '.ts' || require.extensions['.ts']) return undefined;
  return [...process.execArgv, '--require', require.resolve('@swc-node/register')];
}
