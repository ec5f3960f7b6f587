import type { RecordCleaner } from '@alloy/data';

/**
 * Where ingestion gets its record cleaners: the `dataset.record` hooks of the plugins the
 * organisation enabled for the dataset's domain, in order, after the built-in quality rules.
 */
export const DATASET_RECORD_CLEANERS = Symbol('DATASET_RECORD_CLEANERS');

export interface DatasetRecordCleaners {
  cleanersFor(target: { organizationId: string; domain?: string | null }): Promise<RecordCleaner[]>;
}
