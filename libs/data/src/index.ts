export type {
  ChatMessage,
  ChatRecord,
  ChatRole,
  CorpusRecord,
  DatasetFormat,
  DatasetKind,
  DatasetRecord,
  MultipleChoiceRecord,
  RecordByKind,
  RecordShape,
  SafetyExpectation,
  SafetyRecord,
} from './records/record.types';
export { SAFETY_EXPECTATIONS } from './records/record.types';
export { toRecord } from './records/record-shapes';
export { IngestionError, IngestionErrorCode } from './ingestion.errors';
export type { DetectedFormat } from './io/format-detector';
export { detectFileFormat, detectFormat } from './io/format-detector';
export type { TxtMode } from './io/record-source';
export type { RecordPreview } from './io/record-preview';
export { previewRecords } from './io/record-preview';
export type { UnicodeForm } from './text/normalize-text';
export { normalizeText } from './text/normalize-text';
export type { QualityReason, QualityResult } from './quality/quality-filter';
export { checkQuality } from './quality/quality-filter';
export type { QualityThresholds } from './quality/quality-thresholds';
export {
  DEFAULT_QUALITY,
  DOMAIN_QUALITY_PRESETS,
  resolveQuality,
} from './quality/quality-thresholds';
export type { PiiCounts, PiiType } from './pii/pii-scrubber';
export { PII_TYPES, scrubPii } from './pii/pii-scrubber';
export { redactText } from './pii/redact-text';
export { isValidBankCard, isValidChineseId, luhnValid } from './pii/checksums';
export { MinHasher, estimateJaccard } from './dedup/minhash';
export { LshIndex, optimalLshParams } from './dedup/lsh-index';
export type { TextTokenizer, TokenCounter } from './tokenizer/text-tokenizer';
export { createTokenCounter } from './tokenizer/text-tokenizer';
export { loadHfTokenizer } from './tokenizer/hf-tokenizer.adapter';
export type { CleanerContext, CleanerResult, RecordCleaner } from './pipeline/record-cleaner';
export type {
  DedupOptions,
  IngestionOptions,
  RunIngestionParams,
} from './pipeline/ingestion-options';
export type {
  DuplicateExample,
  HistogramBucket,
  IngestionProgress,
  IngestionReport,
  ReasonStats,
  RecordSample,
  RejectionExample,
  ResolvedIngestionSettings,
  TokenStats,
} from './pipeline/ingestion-report.types';
export { runIngestion } from './pipeline/run-ingestion';
export { redactReport } from './pipeline/redact-report';
