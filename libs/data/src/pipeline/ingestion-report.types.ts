import type { UnicodeForm } from '../text/normalize-text';
import type { QualityThresholds } from '../quality/quality-thresholds';
import type { PiiCounts } from '../pii/pii-scrubber';
import type { DatasetFormat, DatasetKind, RecordShape } from '../records/record.types';

/** One example of a rejection: where it was and why. */
export interface RejectionExample {
  line: number;
  detail?: string;
  /** The start of the raw record, when it could be read, personal data marked (`<EMAIL>`). */
  excerpt?: string;
}

export interface ReasonStats {
  count: number;
  examples: RejectionExample[];
}

export interface DuplicateExample {
  line: number;
  duplicateOfLine: number;
  similarity?: number;
}

export interface HistogramBucket {
  /** Inclusive lower bound. */
  min: number;
  /** Exclusive upper bound; null for the last, open bucket. */
  max: number | null;
  count: number;
}

export interface TokenStats {
  /** `hf:<path>` for a real tokenizer, `fallback:words` when none was given. */
  tokenizer: string;
  total: number;
  mean: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * A record before and after cleaning. Both show personal data as the scrubber's markers
 * (`<EMAIL>`, `<PHONE>`...), never as found, even when the records keep it (`pii: false`).
 */
export interface RecordSample {
  line: number;
  /** The record as read (JSON), cut at 1,000 characters. */
  before: string;
  /** The record as written (JSON), cut at 1,000 characters. */
  after: string;
}

/** The settings an ingestion ran with, kept so a report can be reproduced. */
export interface ResolvedIngestionSettings {
  normalization: UnicodeForm;
  domain: string | null;
  txtMode: 'paragraph' | 'line';
  quality: QualityThresholds | null;
  dedup: {
    exact: boolean;
    near: boolean;
    threshold: number;
    numPerm: number;
    shingleSize: number;
    bands: number;
    rows: number;
  };
  pii: boolean;
  cleaners: string[];
  maxLineBytes: number;
  maxRecordChars: number;
}

/**
 * What an ingestion did, stored as JSON with the dataset version. Every record read is
 * accounted for: `recordsIn = recordsOut + rejected.total + duplicates.exact.count +
 * duplicates.near.count`.
 */
export interface IngestionReport {
  reportVersion: 1;
  format: DatasetFormat;
  shape: RecordShape;
  kind: DatasetKind;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  bytesIn: number;
  recordsIn: number;
  recordsOut: number;
  /** Records converted to the kind's shape (Alpaca to chat, answer letters to indexes). */
  converted: number;
  rejected: { total: number; byReason: Record<string, ReasonStats> };
  duplicates: {
    exact: { count: number; examples: DuplicateExample[] };
    near: { count: number; examples: DuplicateExample[] };
  };
  pii: { total: number; recordsAffected: number; byType: PiiCounts };
  /** Mostly-punctuation lines removed from documents that were kept. */
  linesRemoved: number;
  tokens: TokenStats;
  lengthHistogram: { unit: 'tokens'; buckets: HistogramBucket[] };
  samples: RecordSample[];
  output: { path: string | null; sha256: string; bytes: number; records: number };
  settings: ResolvedIngestionSettings;
  warnings: string[];
}

/** Progress of a running ingestion, for a queued job to forward. */
export interface IngestionProgress {
  bytesRead: number;
  /** Size of the input when it is a file; null for streams. */
  totalBytes: number | null;
  recordsIn: number;
  recordsOut: number;
  done: boolean;
}
