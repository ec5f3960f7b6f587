import type { RecordCleaner } from '@alloy/data';

/**
 * Record cleaners every ingestion runs, in order, after the built-in quality rules. Empty until
 * the plugin loader provides the cleaners of the installed plugins under this token.
 */
export const DATASET_RECORD_CLEANERS = Symbol('DATASET_RECORD_CLEANERS');

export type DatasetRecordCleaners = readonly RecordCleaner[];
