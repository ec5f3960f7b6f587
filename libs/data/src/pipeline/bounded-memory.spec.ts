import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runIngestion } from './run-ingestion';

const SYLLABLES =
  'ba be bi bo ka ke ki ko ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to la le li lo'.split(
    ' ',
  );
const STOP = ['the', 'of', 'and', 'to', 'in', 'that', 'with'];

/** Distinct documents from a seeded generator, streamed as JSONL without touching the disk. */
function corpus(totalBytes: number, docChars: number): Readable {
  let seed = 12345;
  // mulberry32: an LCG's low bits repeat with short periods, which made documents alike.
  const next = (): number => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  let produced = 0;
  return Readable.from(
    (function* () {
      while (produced < totalBytes) {
        const parts: string[] = [];
        let length = 0;
        const zh = next() % 4 === 0;
        while (length < docChars) {
          // Pseudo-words from 32^3 syllable triples and ideographs from a 4,000-character block:
          // a vocabulary large enough that unrelated documents share few shingles.
          const w = zh
            ? String.fromCharCode(0x4e00 + (next() % 4000), 0x4e00 + (next() % 4000)) + '的'
            : next() % 5 === 0
              ? STOP[next() % STOP.length]
              : SYLLABLES[next() % 32] + SYLLABLES[next() % 32] + SYLLABLES[next() % 32];
          parts.push(w);
          length += w.length + 1;
          if (next() % 12 === 0) parts.push(zh ? '。' : '.');
        }
        const line = Buffer.from(`${JSON.stringify({ text: parts.join(zh ? '' : ' ') })}\n`);
        produced += line.length;
        yield line;
      }
    })(),
  );
}

describe('bounded memory', () => {
  it('streams 200 MB through the pipeline with heap growth far below the input size', async () => {
    const size = 200 * 1024 * 1024;
    let written = 0;
    const sink = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        written += chunk.length;
        cb();
      },
    });
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const report = await runIngestion({
      input: corpus(size, 16_000),
      fileName: 'big.jsonl',
      output: sink,
      // Quality rules and PII scrubbing (per-byte work, no state) are off to keep the test
      // fast; exact and near de-duplication keep their per-record state.
      options: { quality: false, pii: false, progressIntervalMs: 50 },
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    expect(report.bytesIn).toBeGreaterThanOrEqual(size);
    expect(written).toBeGreaterThan(size * 0.9);
    const growth = peak - base;
    console.log(
      `200 MB streamed: heap growth ${(growth / 1048576).toFixed(1)} MiB, ${report.recordsIn} records`,
    );
    // Garbage not yet collected counts too; the retained state is a few hundred bytes a record.
    expect(growth).toBeLessThan(size / 4);
  }, 240_000);
});
