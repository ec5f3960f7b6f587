import type { Readable, Writable } from 'node:stream';
import { IngestionError, IngestionErrorCode } from '../ingestion.errors';
import type { TxtMode } from '../io/record-source';
import type { QualityThresholds } from '../quality/quality-thresholds';
import type { DatasetFormat, DatasetKind } from '../records/record.types';
import type { UnicodeForm } from '../text/normalize-text';
import type { TextTokenizer } from '../tokenizer/text-tokenizer';
import type { IngestionProgress } from './ingestion-report.types';
import type { RecordCleaner } from './record-cleaner';

export interface DedupOptions {
  /** Drop records whose normalised form was seen before. Default true. */
  exact?: boolean;
  /** Drop records whose estimated Jaccard similarity to a kept one reaches `threshold`. Default true. */
  near?: boolean;
  /** Jaccard threshold of near duplicates, in (0, 1]. Default 0.8. */
  threshold?: number;
  /** MinHash signature length. Default 128. */
  numPerm?: number;
  /** Characters per shingle. Default 5. */
  shingleSize?: number;
}

export interface IngestionOptions {
  /** Default 'NFC' (see `UnicodeForm` for why). */
  normalization?: UnicodeForm;
  /** Domain whose quality preset applies to corpora: 'finance', 'medical', 'education'. */
  domain?: string;
  /** Overrides of the quality thresholds, or false to skip the quality rules. */
  quality?: Partial<QualityThresholds> | false;
  dedup?: DedupOptions;
  /** Scrub personal data. Default true. */
  pii?: boolean;
  /** `.txt`: documents separated by blank lines ('paragraph', default) or one per line. */
  txtMode?: TxtMode;
  /** A longer line is dropped without being buffered and reported. Default 8 MiB. */
  maxLineBytes?: number;
  /** A longer record (paragraph, JSON array element) is rejected. Default 2,000,000. */
  maxRecordChars?: number;
  /** Examples kept per rejection reason. Default 5. */
  examplesPerReason?: number;
  /** Before/after samples kept. Default 5. */
  sampleCount?: number;
  /** Least time between two progress callbacks. Default 500 ms. */
  progressIntervalMs?: number;
  signal?: AbortSignal;
}

export interface RunIngestionParams {
  /** A file path, a readable stream or any async iterable of chunks. */
  input: string | Readable | AsyncIterable<Buffer | string>;
  /** The uploaded file name, used for format detection when `input` is a stream. */
  fileName?: string;
  /** Skips detection of the container format. */
  format?: DatasetFormat;
  /** The kind of records wanted; detected from the first record when omitted. */
  kind?: DatasetKind;
  /**
   * Where the JSONL goes: a file path (written under a temporary name and renamed when done) or
   * a writable stream (left open: the caller ends it).
   */
  output: string | Writable;
  options?: IngestionOptions;
  /** Plugin cleaners, run in this order. */
  cleaners?: readonly RecordCleaner[];
  tokenizer?: TextTokenizer;
  onProgress?: (progress: IngestionProgress) => void;
}

export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_RECORD_CHARS = 2_000_000;

export interface ResolvedDedup {
  exact: boolean;
  near: boolean;
  threshold: number;
  numPerm: number;
  shingleSize: number;
}

export function resolveDedup(d: DedupOptions = {}): ResolvedDedup {
  const r = {
    exact: d.exact ?? true,
    near: d.near ?? true,
    threshold: d.threshold ?? 0.8,
    numPerm: d.numPerm ?? 128,
    shingleSize: d.shingleSize ?? 5,
  };
  const bad: string[] = [];
  if (!(r.threshold > 0 && r.threshold <= 1)) bad.push('dedup.threshold must be in (0, 1]');
  if (!Number.isInteger(r.numPerm) || r.numPerm < 8 || r.numPerm > 1024) {
    bad.push('dedup.numPerm must be an integer from 8 to 1024');
  }
  if (!Number.isInteger(r.shingleSize) || r.shingleSize < 1 || r.shingleSize > 32) {
    bad.push('dedup.shingleSize must be an integer from 1 to 32');
  }
  if (bad.length > 0) throw new IngestionError(IngestionErrorCode.INVALID_OPTIONS, bad.join('; '));
  return r;
}
