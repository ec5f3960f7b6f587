import type { GateOverrideEntity } from '@alloy/db';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { GATE_CHECKS, type GateCheck, type GateThresholds } from '../gate-checks';

export class GateThresholdsDto implements GateThresholds {
  @ApiProperty({
    example: 0.02,
    description: "largest drop of multiple-choice accuracy below the parent's (absolute)",
  })
  maxAccuracyDrop!: number;
  @ApiProperty({
    example: 10,
    description: "largest rise of general-text perplexity above the parent's, in percent",
  })
  maxGeneralPerplexityIncreasePct!: number;
  @ApiProperty({ example: 0.8, description: 'smallest safety pass rate' })
  minSafetyPassRate!: number;
  @ApiProperty({
    description:
      'every dataset version in the lineage ingested with a report that scrubbed PII and removed duplicates',
  })
  requireProvenance!: boolean;
  @ApiProperty({ description: 'the version has an evaluation' })
  requireEvaluation!: boolean;
}

/** An organisation's thresholds for a domain; each one left out takes the default. */
export class UpdateGateThresholdsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  maxAccuracyDrop?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10000 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10000)
  maxGeneralPerplexityIncreasePct?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  minSafetyPassRate?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  requireProvenance?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  requireEvaluation?: boolean;
}

export class PromotionGateDto {
  @ApiProperty({ example: 'finance' }) domain!: string;
  @ApiProperty({ type: GateThresholdsDto, description: 'what applies: own values over defaults' })
  thresholds!: GateThresholdsDto;
  @ApiProperty({
    type: UpdateGateThresholdsDto,
    description: "the organisation's own values (the others are defaults)",
  })
  custom!: UpdateGateThresholdsDto;
  @ApiProperty({ nullable: true, type: String }) updatedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) updatedAt!: string | null;
}

export class PromotionGateListDto {
  @ApiProperty({ type: GateThresholdsDto }) defaults!: GateThresholdsDto;
  @ApiProperty({ type: [PromotionGateDto], description: 'one per domain' })
  items!: PromotionGateDto[];
}

export class GateCheckDto implements GateCheck {
  @ApiProperty({ enum: GATE_CHECKS }) field!: GateCheck['field'];
  @ApiProperty({ enum: ['passed', 'failed', 'skipped'] }) status!: GateCheck['status'];
  @ApiProperty() message!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'what was measured' })
  value!: number | null;
  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'number' }, { type: 'boolean' }],
    description: 'the bound the value had to respect',
  })
  threshold!: number | boolean | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: "the parent's value the bound derives from",
  })
  reference?: number | null;
}

export class GateResultDto {
  @ApiProperty() domain!: string;
  @ApiProperty({ description: 'no check failed' }) passed!: boolean;
  @ApiProperty({ type: GateThresholdsDto }) thresholds!: GateThresholdsDto;
  @ApiProperty({ type: [GateCheckDto] }) checks!: GateCheckDto[];
}

export class FailedGateCheckDto {
  @ApiProperty({ enum: GATE_CHECKS }) field!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ nullable: true, type: Number }) value!: number | null;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }] })
  threshold!: number | boolean | null;
}

/** An admin moved an alias to the version although its gate failed. */
export class GateOverrideDto {
  @ApiProperty({ example: 'production' }) alias!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'who overrode it' }) actor!: string;
  @ApiProperty({ type: [FailedGateCheckDto], description: 'the checks that failed' })
  checks!: FailedGateCheckDto[];
  @ApiProperty() createdAt!: string;

  static from(row: GateOverrideEntity): GateOverrideDto {
    return {
      alias: row.alias,
      reason: row.reason,
      actor: row.actor,
      checks: row.checks,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

/** Moves a gated alias (production) although the gate fails: an admin's decision, audited. */
export class GateOverrideInputDto {
  @ApiProperty({
    example: 'accepted: the accuracy drop is within the noise of a 40-question set',
    description: 'why the failing checks are accepted',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}
