import { DATASET_KINDS, type DatasetKind } from '@alloy/contracts';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

// The JSON an ingestion stores with a dataset version (`IngestionReport` of @alloy/data), as the
// report endpoints and `DatasetVersionDto.report` answer it.

export class RejectionExampleDto {
  @ApiProperty({ description: 'line of the record in the upload' }) line!: number;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({
    description: 'the start of the raw record, personal data marked (`<EMAIL>`)',
  })
  excerpt?: string;
}

export class ReasonStatsDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: () => [RejectionExampleDto] }) examples!: RejectionExampleDto[];
}

export class RejectedStatsDto {
  @ApiProperty() total!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(ReasonStatsDto) },
    description: 'keyed by the rule or reason that rejected the records',
  })
  byReason!: Record<string, ReasonStatsDto>;
}

export class DuplicateExampleDto {
  @ApiProperty() line!: number;
  @ApiProperty() duplicateOfLine!: number;
  @ApiPropertyOptional({ description: 'estimated Jaccard similarity (near duplicates)' })
  similarity?: number;
}

export class DuplicateStatsDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: () => [DuplicateExampleDto] }) examples!: DuplicateExampleDto[];
}

export class DuplicatesDto {
  @ApiProperty({ type: () => DuplicateStatsDto }) exact!: DuplicateStatsDto;
  @ApiProperty({ type: () => DuplicateStatsDto }) near!: DuplicateStatsDto;
}

export class PiiCountsDto {
  @ApiProperty() EMAIL!: number;
  @ApiProperty() PHONE!: number;
  @ApiProperty() CN_ID!: number;
  @ApiProperty() BANK_CARD!: number;
  @ApiProperty() IP!: number;
}

export class PiiStatsDto {
  @ApiProperty() total!: number;
  @ApiProperty() recordsAffected!: number;
  @ApiProperty({ type: () => PiiCountsDto }) byType!: PiiCountsDto;
}

export class TokenStatsDto {
  @ApiProperty({
    example: 'fallback:words',
    description: '`hf:<path>` for a real tokenizer, `fallback:words` when none was given',
  })
  tokenizer!: string;
  @ApiProperty() total!: number;
  @ApiProperty() mean!: number;
  @ApiProperty() min!: number;
  @ApiProperty() p50!: number;
  @ApiProperty() p95!: number;
  @ApiProperty() max!: number;
}

export class HistogramBucketDto {
  @ApiProperty({ description: 'inclusive lower bound' }) min!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'exclusive upper bound; null for the last, open bucket',
  })
  max!: number | null;
  @ApiProperty() count!: number;
}

export class LengthHistogramDto {
  @ApiProperty({ enum: ['tokens'] }) unit!: 'tokens';
  @ApiProperty({ type: () => [HistogramBucketDto] }) buckets!: HistogramBucketDto[];
}

export class RecordSampleDto {
  @ApiProperty() line!: number;
  @ApiProperty({ description: 'the record as read (JSON), cut at 1,000 characters' })
  before!: string;
  @ApiProperty({ description: 'the record as written (JSON), cut at 1,000 characters' })
  after!: string;
}

export class IngestionOutputDto {
  @ApiProperty({ nullable: true, type: String }) path!: string | null;
  @ApiProperty() sha256!: string;
  @ApiProperty() bytes!: number;
  @ApiProperty() records!: number;
}

export class DedupSettingsDto {
  @ApiProperty() exact!: boolean;
  @ApiProperty() near!: boolean;
  @ApiProperty() threshold!: number;
  @ApiProperty() numPerm!: number;
  @ApiProperty() shingleSize!: number;
  @ApiProperty() bands!: number;
  @ApiProperty() rows!: number;
}

export class IngestionSettingsDto {
  @ApiProperty({ enum: ['NFC', 'NFKC'] }) normalization!: 'NFC' | 'NFKC';
  @ApiProperty({ nullable: true, type: String }) domain!: string | null;
  @ApiProperty({ enum: ['paragraph', 'line'] }) txtMode!: 'paragraph' | 'line';
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the quality thresholds applied (see @alloy/data QualityThresholds); null: none',
  })
  quality!: Record<string, unknown> | null;
  @ApiProperty({ type: () => DedupSettingsDto }) dedup!: DedupSettingsDto;
  @ApiProperty() pii!: boolean;
  @ApiProperty({ type: [String] }) cleaners!: string[];
  @ApiProperty() maxLineBytes!: number;
  @ApiProperty() maxRecordChars!: number;
}

/**
 * What an ingestion did. Every record read is accounted for: `recordsIn = recordsOut +
 * rejected.total + duplicates.exact.count + duplicates.near.count`.
 */
export class IngestionReportDto {
  @ApiProperty({ enum: [1] }) reportVersion!: 1;
  @ApiProperty({ enum: ['txt', 'jsonl', 'json'] }) format!: string;
  @ApiProperty({ enum: ['text', 'chat', 'alpaca', 'multiple_choice', 'safety'] }) shape!: string;
  @ApiProperty({ enum: DATASET_KINDS }) kind!: DatasetKind;
  @ApiProperty() startedAt!: string;
  @ApiProperty() finishedAt!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty() bytesIn!: number;
  @ApiProperty() recordsIn!: number;
  @ApiProperty() recordsOut!: number;
  @ApiProperty({ description: "records converted to the kind's shape (Alpaca to chat, ...)" })
  converted!: number;
  @ApiProperty({ type: () => RejectedStatsDto }) rejected!: RejectedStatsDto;
  @ApiProperty({ type: () => DuplicatesDto }) duplicates!: DuplicatesDto;
  @ApiProperty({ type: () => PiiStatsDto }) pii!: PiiStatsDto;
  @ApiProperty({ description: 'mostly-punctuation lines removed from documents that were kept' })
  linesRemoved!: number;
  @ApiProperty({ type: () => TokenStatsDto }) tokens!: TokenStatsDto;
  @ApiProperty({ type: () => LengthHistogramDto }) lengthHistogram!: LengthHistogramDto;
  @ApiProperty({ type: () => [RecordSampleDto] }) samples!: RecordSampleDto[];
  @ApiProperty({ type: () => IngestionOutputDto }) output!: IngestionOutputDto;
  @ApiProperty({ type: () => IngestionSettingsDto }) settings!: IngestionSettingsDto;
  @ApiProperty({ type: [String] }) warnings!: string[];
}
