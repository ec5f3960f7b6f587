import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const FLUSH_CHARS = 64 * 1024;

/**
 * Writes JSONL to a stream or file and hashes exactly the bytes written. A file is written
 * under a temporary name and renamed on success, so a failed ingestion leaves nothing
 * half-written behind.
 */
export class OutputWriter {
  private readonly hash = createHash('sha256');
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly stream: Writable;
  private readonly tempPath: string | undefined;
  bytes = 0;
  records = 0;

  constructor(private readonly target: Writable | string) {
    if (typeof target === 'string') {
      this.tempPath = `${target}.partial-${process.pid}-${Date.now()}`;
      this.stream = createWriteStream(this.tempPath);
    } else {
      this.stream = target;
    }
  }

  get path(): string | null {
    return typeof this.target === 'string' ? this.target : null;
  }

  async write(record: string): Promise<void> {
    this.pending.push(record, '\n');
    this.pendingChars += record.length + 1;
    this.records++;
    if (this.pendingChars >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Flushes, closes a file target and returns the sha256 of the output. */
  async finish(): Promise<string> {
    await this.flush();
    if (this.tempPath !== undefined && typeof this.target === 'string') {
      this.stream.end();
      await once(this.stream, 'close');
      await rename(this.tempPath, this.target);
    }
    return this.hash.digest('hex');
  }

  /** Drops a partly written file; a stream target is left to its owner. */
  async abort(): Promise<void> {
    if (this.tempPath === undefined) return;
    // The file may still be opening: removing it before the stream has closed would let the open
    // create it again afterwards, leaving a stray partial file.
    if (!this.stream.closed) {
      const closed = once(this.stream, 'close').catch(() => undefined);
      this.stream.destroy();
      await closed;
    }
    await rm(this.tempPath, { force: true });
  }
}
