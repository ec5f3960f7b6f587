import { emptyPiiCounts } from '../pii/pii-scrubber';
import { redactText } from '../pii/redact-text';
import type {
  DuplicateExample,
  HistogramBucket,
  IngestionReport,
  ReasonStats,
  RecordSample,
  TokenStats,
} from './ingestion-report.types';

const EXCERPT_CHARS = 200;
const SAMPLE_CHARS = 1000;

const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Every text the report keeps: personal data marked by type, then cut (in that order). */
const excerpt = (s: string, n: number): string => cut(redactText(s), n);

/**
 * Accumulates the report while records stream past. Its memory does not grow with the input:
 * examples and samples are capped, and token counts are kept as a frequency table (one entry
 * per distinct count) from which exact percentiles are read at the end. No text it keeps holds
 * personal data: excerpts, details and samples go through `redactText`.
 */
export class ReportCollector {
  recordsIn = 0;
  recordsOut = 0;
  converted = 0;
  linesRemoved = 0;
  readonly byReason: Record<string, ReasonStats> = {};
  rejectedTotal = 0;
  readonly exact = { count: 0, examples: [] as DuplicateExample[] };
  readonly near = { count: 0, examples: [] as DuplicateExample[] };
  readonly pii = { total: 0, recordsAffected: 0, byType: emptyPiiCounts() };
  readonly warnings: string[] = [];
  private readonly tokenFrequency = new Map<number, number>();
  private tokenTotal = 0;
  private readonly changedSamples: RecordSample[] = [];
  private readonly plainSamples: RecordSample[] = [];
  /** First line that failed to parse, for the error when nothing parses at all. */
  firstParseFailure: { line: number; detail: string } | undefined;
  parsedRecords = 0;

  constructor(
    private readonly examplesPerReason: number,
    private readonly sampleCount: number,
  ) {}

  reject(reason: string, line: number, detail?: string, raw?: string): void {
    this.rejectedTotal++;
    const stats = (this.byReason[reason] ??= { count: 0, examples: [] });
    stats.count++;
    if (stats.examples.length < this.examplesPerReason) {
      const example: ReasonStats['examples'][number] = { line };
      if (detail !== undefined) example.detail = excerpt(detail, EXCERPT_CHARS);
      if (raw !== undefined) example.excerpt = excerpt(raw, EXCERPT_CHARS);
      stats.examples.push(example);
    }
  }

  duplicate(kind: 'exact' | 'near', example: DuplicateExample): void {
    const target = kind === 'exact' ? this.exact : this.near;
    target.count++;
    if (target.examples.length < this.examplesPerReason) target.examples.push(example);
  }

  kept(tokens: number, line: number, before: () => string, after: string): void {
    this.recordsOut++;
    this.tokenTotal += tokens;
    this.tokenFrequency.set(tokens, (this.tokenFrequency.get(tokens) ?? 0) + 1);
    const changedFull = this.changedSamples.length >= this.sampleCount;
    const plainFull = this.plainSamples.length >= this.sampleCount;
    if (changedFull && plainFull) return;
    const beforeText = before();
    const target = beforeText === after ? this.plainSamples : this.changedSamples;
    if (target.length < this.sampleCount) {
      target.push({
        line,
        before: excerpt(beforeText, SAMPLE_CHARS),
        after: excerpt(after, SAMPLE_CHARS),
      });
    }
  }

  private tokenStats(tokenizer: string): TokenStats {
    const counts = [...this.tokenFrequency.keys()].sort((a, b) => a - b);
    const n = this.recordsOut;
    const quantile = (q: number): number => {
      if (n === 0) return 0;
      const rank = Math.max(1, Math.ceil(q * n));
      let seen = 0;
      for (const c of counts) {
        seen += this.tokenFrequency.get(c) ?? 0;
        if (seen >= rank) return c;
      }
      return counts[counts.length - 1] ?? 0;
    };
    return {
      tokenizer,
      total: this.tokenTotal,
      mean: n === 0 ? 0 : Math.round((this.tokenTotal / n) * 100) / 100,
      min: counts[0] ?? 0,
      p50: quantile(0.5),
      p95: quantile(0.95),
      max: counts[counts.length - 1] ?? 0,
    };
  }

  /** Powers of two from 16 tokens up to the bucket that holds the longest record. */
  private histogram(): HistogramBucket[] {
    let max = 0;
    for (const k of this.tokenFrequency.keys()) if (k > max) max = k;
    const edges = [0, 16];
    while ((edges[edges.length - 1] ?? 0) <= max && edges.length < 24) {
      edges.push((edges[edges.length - 1] ?? 16) * 2);
    }
    const buckets: HistogramBucket[] = edges.slice(0, -1).map((min, i) => ({
      min,
      max: i === edges.length - 2 ? null : (edges[i + 1] ?? null),
      count: 0,
    }));
    for (const [tokens, freq] of this.tokenFrequency) {
      const bucket = buckets.find((b) => tokens >= b.min && (b.max === null || tokens < b.max));
      if (bucket) bucket.count += freq;
    }
    return buckets;
  }

  finish(
    base: Pick<IngestionReport, 'format' | 'shape' | 'kind' | 'settings' | 'output' | 'bytesIn'>,
    tokenizer: string,
    startedAt: Date,
  ): IngestionReport {
    const finishedAt = new Date();
    if (this.recordsOut === 0) this.warnings.push('no record passed cleaning');
    return {
      reportVersion: 1,
      format: base.format,
      shape: base.shape,
      kind: base.kind,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      bytesIn: base.bytesIn,
      recordsIn: this.recordsIn,
      recordsOut: this.recordsOut,
      converted: this.converted,
      rejected: { total: this.rejectedTotal, byReason: this.byReason },
      duplicates: { exact: this.exact, near: this.near },
      pii: this.pii,
      linesRemoved: this.linesRemoved,
      tokens: this.tokenStats(tokenizer),
      lengthHistogram: { unit: 'tokens', buckets: this.histogram() },
      samples: [...this.changedSamples, ...this.plainSamples].slice(0, this.sampleCount),
      output: base.output,
      settings: base.settings,
      warnings: this.warnings,
    };
  }
}
