import type { EvaluationEntity } from '@alloy/db';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MetricDelta } from '../metric-comparison';
import { GateOverrideDto, GateResultDto } from './gate.dto';

export class EvaluationDatasetDto {
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty({ enum: ['eval', 'mc_eval', 'general_eval', 'safety_eval'] }) role!: string;
  @ApiProperty({ enum: ['heldout', 'all'] }) split!: string;
}

export class SafetyCaseDto {
  @ApiProperty() id!: string;
  @ApiProperty() prompt!: string;
  @ApiProperty({ enum: ['refuse', 'redirect', 'answer'] }) expect!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ description: "the model's answer" }) answer!: string;
}

export class GenerationSampleDto {
  @ApiProperty() prompt!: string;
  @ApiProperty() output!: string;
  @ApiProperty({ enum: ['chat', 'completion'] }) mode!: string;
}

export class MeasuredDatasetDto {
  @ApiProperty({ nullable: true, type: String }) versionId!: string | null;
  @ApiProperty() role!: string;
  @ApiProperty({ enum: ['heldout', 'all'] }) split!: string;
  @ApiProperty({ description: 'documents (or questions, prompts) measured' }) documents!: number;
  @ApiProperty({ description: 'tokens the loss counted' }) tokens!: number;
}

export class EvaluationDetailsDto {
  @ApiPropertyOptional({ type: [SafetyCaseDto] }) safety?: SafetyCaseDto[];
  @ApiPropertyOptional({ type: [GenerationSampleDto] }) samples?: GenerationSampleDto[];
  @ApiPropertyOptional({ type: [MeasuredDatasetDto] }) datasets?: MeasuredDatasetDto[];
}

export class EvaluationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'the evaluate job' }) jobId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) modelVersionId!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'set when a base model was evaluated',
  })
  baseModelId!: string | null;
  @ApiProperty({ type: [EvaluationDatasetDto] }) datasets!: EvaluationDatasetDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { domainPerplexity: 12.4, generalPerplexity: 30.1, mcAccuracy: 0.55 },
  })
  metrics!: Record<string, number>;
  @ApiProperty({ type: EvaluationDetailsDto }) details!: EvaluationDetailsDto;
  @ApiProperty() createdAt!: string;

  static from(row: EvaluationEntity): EvaluationDto {
    return {
      id: row.id,
      jobId: row.jobId,
      modelVersionId: row.modelVersionId,
      baseModelId: row.baseModelId,
      datasets: row.datasets,
      metrics: row.metrics,
      details: row.details,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class MetricDeltaDto implements MetricDelta {
  @ApiProperty({ example: 'domainPerplexity' }) metric!: string;
  @ApiProperty({ description: "this version's value" }) value!: number;
  @ApiProperty({ description: 'the value compared with' }) reference!: number;
  @ApiProperty({ description: 'value - reference' }) delta!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'delta in percent of the reference' })
  deltaPct!: number | null;
  @ApiProperty({ enum: ['lower', 'higher'], description: 'which way is better' })
  direction!: 'lower' | 'higher';
  @ApiProperty({ enum: ['better', 'worse', 'same'] }) verdict!: 'better' | 'worse' | 'same';
}

export class ComparedSubjectDto {
  @ApiProperty({ enum: ['version', 'base-model'] }) kind!: 'version' | 'base-model';
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'model version number or base model name', example: '2' })
  name!: string;
}

export class EvaluationComparisonDto {
  @ApiProperty({ type: ComparedSubjectDto }) subject!: ComparedSubjectDto;
  @ApiProperty({
    type: EvaluationDto,
    nullable: true,
    description:
      "its latest evaluation on the same datasets as the version's (its latest at all when the version has none); null when there is none",
  })
  evaluation!: EvaluationDto | null;
  @ApiProperty({
    description: "evaluated on the same datasets as the version's evaluation: deltas compare",
  })
  sameDatasets!: boolean;
  @ApiProperty({
    type: [MetricDeltaDto],
    description: "the version's metrics against these, one per metric both have",
  })
  deltas!: MetricDeltaDto[];
}

export class VersionEvaluationDto {
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty({
    type: EvaluationDto,
    nullable: true,
    description: "the version's latest evaluation",
  })
  evaluation!: EvaluationDto | null;
  @ApiProperty({
    type: EvaluationComparisonDto,
    description: 'the parent version, or the base model for a version with no parent',
  })
  parent!: EvaluationComparisonDto;
  @ApiProperty({ type: EvaluationComparisonDto, description: "the model's base model" })
  base!: EvaluationComparisonDto;
  @ApiProperty({ type: GateResultDto, description: 'the promotion gate for production, now' })
  gate!: GateResultDto;
  @ApiProperty({ type: [GateOverrideDto], description: 'admins who moved an alias past the gate' })
  overrides!: GateOverrideDto[];
}
