import { CancelledError, OverloadedError, UnavailableError } from '../inference.errors';
import type { CausalLmSession } from '../session/causal-lm.session';
import { KvCache } from '../session/kv-cache';
import type { KvRowRef } from '../session/kv-cache';
import type { GenerationSequence } from './generation-sequence';

const CAPACITY_STEP = 32;

export interface SchedulerOptions {
  /** Rows decoded together in one step. */
  maxBatchSize: number;
  /** Requests waiting for a row; beyond it `submit` throws OverloadedError. */
  maxQueue: number;
}

export interface SchedulerStats {
  queued: number;
  running: number;
  batchSize: number;
  steps: number;
  generatedTokens: number;
}

/**
 * Continuous batching: sequences join the running batch after their own prefill and leave it when
 * they finish, while the others keep decoding. Each row has its own length in the cache and its own
 * sampler, so a sequence computes the same tokens in any batch.
 */
export class BatchScheduler {
  private pending: GenerationSequence[] = [];
  private active: (GenerationSequence & { kvRef?: KvRowRef })[] = [];
  private running = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private steps = 0;
  private generatedTokens = 0;
  private lastBatch = 0;
  private avgRequestMs = 1000;

  constructor(
    private readonly session: CausalLmSession,
    private readonly options: SchedulerOptions,
  ) {}

  get inFlight(): number {
    return this.pending.length + this.active.length;
  }

  stats(): SchedulerStats {
    return {
      queued: this.pending.length,
      running: this.active.length,
      batchSize: this.lastBatch,
      steps: this.steps,
      generatedTokens: this.generatedTokens,
    };
  }

  submit(seq: GenerationSequence): void {
    if (this.closed) throw new UnavailableError('the model is being unloaded');
    if (this.pending.length >= this.options.maxQueue) {
      // About how long until a row frees up for this request: rounds of the batch ahead of it.
      const rounds = Math.ceil((this.pending.length + 1) / this.options.maxBatchSize);
      throw new OverloadedError(Math.max(1000, Math.round(rounds * this.avgRequestMs)));
    }
    this.pending.push(seq);
    if (!this.running) {
      this.running = true;
      void this.loop();
    }
  }

  /** Stops taking requests and resolves when the ones in flight are done. */
  async drain(): Promise<void> {
    this.closed = true;
    if (!this.running) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private async loop(): Promise<void> {
    let kv: KvCache | undefined;
    let dirty = false;
    try {
      for (;;) {
        const kept = this.active.filter((s) => !s.done);
        for (const s of this.active) if (s.cancelled) this.finished(s);
        if (kept.length !== this.active.length) dirty = true;
        this.active = kept;
        dirty = (await this.admit()) || dirty;
        if (!this.active.length) {
          if (!this.pending.length) break;
          continue;
        }
        const full = this.session.kvMode !== 'grow' && kv !== undefined && !kv.hasRoom;
        if (dirty || !kv || full) {
          kv = KvCache.gather(
            this.session.config,
            this.session.kvDtype,
            this.active.map((s) => s.kvRef!),
            this.session.kvMode === 'grow' ? 0 : this.capacity(),
          );
          dirty = false;
        }
        const step = await this.session.decode(
          kv,
          this.active.map((s) => s.lastToken),
        );
        kv = step.kv;
        this.steps++;
        this.lastBatch = this.active.length;
        const v = this.session.vocabSize;
        this.active.forEach((s, b) => {
          s.kvLength++;
          s.kvRef = { cache: step.kv, row: b };
          if (s.done) return;
          s.accept(s.sample(step.logits.subarray(b * v, (b + 1) * v)));
          this.generatedTokens++;
          if (s.done) this.finished(s);
        });
      }
    } catch (err) {
      for (const s of [...this.active, ...this.pending]) s.queue.fail(err);
      this.active = [];
      this.pending = [];
    } finally {
      this.running = false;
      this.lastBatch = 0;
      for (const w of this.idleWaiters.splice(0)) w();
      // A request submitted while the loop was ending starts a new one.
      if (this.pending.length && !this.closed) {
        this.running = true;
        void this.loop();
      }
    }
  }

  /**
   * Width of the batch's KV buffers: the longest row plus room for CAPACITY_STEP more positions,
   * never past what its requests can reach. The attention kernel clears its output buffer of this
   * width every step, so it grows with the sequences (one copy every CAPACITY_STEP steps) rather
   * than being sized for max_tokens up front.
   */
  private capacity(): number {
    const longest = Math.max(...this.active.map((s) => s.kvLength));
    const reach = Math.max(
      ...this.active.map((s) =>
        Math.min(s.settings.contextLimit, s.settings.promptIds.length + s.settings.maxTokens),
      ),
    );
    const wanted = Math.ceil((longest + 1 + CAPACITY_STEP) / CAPACITY_STEP) * CAPACITY_STEP;
    return Math.max(longest + 1, Math.min(wanted, reach, this.session.config.maxPositions));
  }

  /** Prefills waiting sequences into free rows; returns whether the batch changed. */
  private async admit(): Promise<boolean> {
    let changed = false;
    // While others decode, admit one prompt a step so their streams keep flowing.
    let budget = this.active.length ? 1 : this.options.maxBatchSize;
    while (this.pending.length && this.active.length < this.options.maxBatchSize && budget-- > 0) {
      const seq = this.pending.shift()!;
      if (seq.cancelled) {
        this.finished(seq);
        continue;
      }
      seq.startedAt = performance.now();
      try {
        const { logits, kv } = await this.session.prefill(seq.settings.promptIds);
        seq.kvLength = seq.settings.promptIds.length;
        seq.accept(seq.sample(logits));
        this.generatedTokens++;
        if (seq.done) {
          this.finished(seq);
          continue;
        }
        this.active.push(Object.assign(seq, { kvRef: { cache: kv, row: 0 } }));
        changed = true;
      } catch (err) {
        seq.queue.fail(err);
      }
    }
    return changed;
  }

  private finished(seq: GenerationSequence): void {
    if (seq.cancelled) seq.queue.fail(new CancelledError());
    const ms = performance.now() - seq.enqueuedAt;
    this.avgRequestMs = 0.8 * this.avgRequestMs + 0.2 * ms;
  }
}
