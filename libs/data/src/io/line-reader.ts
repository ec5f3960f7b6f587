import { isUtf8 } from 'node:buffer';

export type LineItem =
  | { kind: 'line'; line: number; text: string }
  | { kind: 'bad'; line: number; reason: 'invalid_utf8' | 'line_too_long'; bytes: number };

/** Counts bytes as they are consumed, so progress can be reported while reading. */
export interface ByteCounter {
  bytesRead: number;
}

export interface LineReaderOptions {
  /** Bytes beyond this in one line are dropped as they arrive and the line is reported. */
  maxLineBytes: number;
  counter?: ByteCounter;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = '\ufeff';

/**
 * Splits a byte stream into lines without ever holding more than `maxLineBytes` of one line:
 * an oversized line is discarded chunk by chunk until its newline arrives. Each line is
 * validated as UTF-8 on its own, so one bad line is reported and the rest still read.
 */
export async function* readLines(
  source: AsyncIterable<Buffer | string>,
  options: LineReaderOptions,
): AsyncGenerator<LineItem> {
  const { maxLineBytes } = options;
  const counter = options.counter ?? { bytesRead: 0 };
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overflow = false;
  let overflowBytes = 0;
  let lineNo = 0;

  const finish = (tail: Buffer): LineItem => {
    lineNo += 1;
    if (overflow) {
      const bytes = overflowBytes + tail.length;
      overflow = false;
      overflowBytes = 0;
      return { kind: 'bad', line: lineNo, reason: 'line_too_long', bytes };
    }
    let buf = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
    parts = [];
    partBytes = 0;
    if (buf.length > 0 && buf[buf.length - 1] === CR) buf = buf.subarray(0, buf.length - 1);
    if (!isUtf8(buf))
      return { kind: 'bad', line: lineNo, reason: 'invalid_utf8', bytes: buf.length };
    let text = buf.toString('utf8');
    if (lineNo === 1 && text.startsWith(BOM)) text = text.slice(1);
    return { kind: 'line', line: lineNo, text };
  };

  const keep = (segment: Buffer): void => {
    if (overflow) {
      overflowBytes += segment.length;
    } else if (partBytes + segment.length > maxLineBytes) {
      overflow = true;
      overflowBytes = partBytes + segment.length;
      parts = [];
      partBytes = 0;
    } else if (segment.length > 0) {
      // Copy: the segment may be a view into a pooled chunk that the stream reuses.
      parts.push(Buffer.from(segment));
      partBytes += segment.length;
    }
  };

  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    counter.bytesRead += chunk.length;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      const segment = chunk.subarray(start, nl);
      if (overflow || partBytes + segment.length > maxLineBytes) {
        keep(segment);
        yield finish(Buffer.alloc(0));
      } else {
        yield finish(segment);
      }
      start = nl + 1;
    }
    if (start < chunk.length) keep(chunk.subarray(start));
  }
  if (overflow || partBytes > 0) yield finish(Buffer.alloc(0));
}
