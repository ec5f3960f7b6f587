import type { DatasetKind, DatasetRecord } from '../records/record.types';

/** What a cleaner knows about the record it is given. */
export interface CleanerContext {
  readonly kind: DatasetKind;
  /** Line of the record in the uploaded file (its first line for multi-line records). */
  readonly line: number;
  readonly domain?: string;
}

export type CleanerResult = DatasetRecord | { reject: string };

/**
 * A record cleaner added by a plugin. Cleaners run in the order given, after normalisation
 * and the quality rules and before PII scrubbing and de-duplication, so whatever they add is
 * still scrubbed and de-duplicated. A cleaner returns the (possibly changed) record, or
 * `{ reject: reason }`, counted as `plugin:<name>:<reason>`. A cleaner that throws, or returns
 * something not of the dataset's shape, rejects that record (`cleaner_error:<name>`) and the
 * ingestion goes on.
 */
export interface RecordCleaner {
  readonly name: string;
  clean(record: DatasetRecord, ctx: CleanerContext): CleanerResult | Promise<CleanerResult>;
}

export function isRejection(result: CleanerResult): result is { reject: string } {
  return typeof (result as { reject?: unknown }).reject === 'string';
}
