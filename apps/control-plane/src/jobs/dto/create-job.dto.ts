import {
  type DatasetSplit,
  JOB_KINDS,
  type JobKind,
  PRECISIONS,
  type Precision,
  TRAINING_METHODS,
  type TrainingMethod,
} from '@alloy/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from '../../common/http/names';

const DATASET_SPLITS: readonly DatasetSplit[] = ['heldout', 'all'];

/** An optional list of dataset version ids (at most 32), documented for the API. */
function DatasetVersionIds(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], format: 'uuid', description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(32),
    IsUUID('all', { each: true }),
  );
}

export class JobResourcesDto {
  @ApiPropertyOptional({ example: 1, description: 'GPUs on one node; 0 runs on a CPU worker' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(64)
  gpus?: number;

  @ApiPropertyOptional({ example: 24, description: 'memory each GPU needs, in GB' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1024)
  gpuMemoryGb?: number;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  nodes?: number;
}

export class ParallelismDto {
  @ApiPropertyOptional({ enum: ['none', 'ddp', 'fsdp'] })
  @IsOptional()
  @IsIn(['none', 'ddp', 'fsdp'])
  strategy?: 'none' | 'ddp' | 'fsdp';

  @ApiPropertyOptional({
    example: 2,
    description:
      'trainer processes (data parallel); default one per GPU when resources.gpus > 1. The global batch must divide by processes x gradientAccumulation',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  processes?: number;
}

/** One training step: what a job is, without which model it belongs to. */
export class JobStepDto {
  @ApiProperty({ enum: JOB_KINDS })
  @IsIn(JOB_KINDS)
  kind!: JobKind;

  @ApiPropertyOptional({ enum: TRAINING_METHODS, default: 'full' })
  @IsOptional()
  @IsIn(TRAINING_METHODS)
  method?: TrainingMethod;

  @DatasetVersionIds('training data (corpus for pretraining, chat for sft)')
  datasetVersionIds?: string[];

  @DatasetVersionIds('held-out data: corpus/chat for perplexity, multiple choice for accuracy')
  evalDatasetVersionIds?: string[];

  @DatasetVersionIds(
    'evaluate jobs: general-text corpora whose perplexity shows forgetting (role general_eval)',
  )
  generalEvalDatasetVersionIds?: string[];

  @DatasetVersionIds(
    'evaluate jobs: safety datasets (prompts to refuse, redirect or answer; role safety_eval)',
  )
  safetyDatasetVersionIds?: string[];

  @ApiPropertyOptional({
    enum: DATASET_SPLITS,
    default: 'heldout',
    description:
      'corpus eval and general-eval data: measure only the held-out documents (never trained on) or all',
  })
  @IsOptional()
  @IsIn(DATASET_SPLITS)
  evalSplit?: DatasetSplit;

  @DatasetVersionIds('general text mixed in against forgetting (replayRatio)')
  replayDatasetVersionIds?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { learningRate: 0.0002, maxSteps: 200, lora: { rank: 8 } },
    description:
      'job spec hyperparameters (libs/contracts job-spec.schema.json, each with an upper bound: maxSteps 10,000,000, seqLen 131,072, batchSize 65,536, lora.rank 1,024, ...); defaults depend on kind and method',
  })
  @IsOptional()
  @IsObject()
  hyperparameters?: Record<string, unknown>;

  @ApiPropertyOptional({ type: JobResourcesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => JobResourcesDto)
  resources?: JobResourcesDto;

  @ApiPropertyOptional({ enum: PRECISIONS, default: 'fp32' })
  @IsOptional()
  @IsIn(PRECISIONS)
  precision?: Precision;

  @ApiPropertyOptional({ type: ParallelismDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ParallelismDto)
  parallelism?: ParallelismDto;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10,
    default: 3,
    description: 'attempts before the job fails',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  maxAttempts?: number;
}

export class CreateJobDto extends JobStepDto {
  @ApiProperty({
    example: 'fin-advisor',
    description: 'the model whose new version the job produces',
  })
  @IsString()
  @Matches(NAME_PATTERN, { message: `model ${NAME_MESSAGE}` })
  model!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "version to start from; default: the model's base model",
  })
  @IsOptional()
  @IsUUID()
  baseVersionId?: string;
}

export class PipelineEvaluationDto {
  @DatasetVersionIds(
    "held-out domain corpora and multiple-choice sets; default: the corpora the steps train on (held-out split), else the latest ready corpus of the model's domain, and the domain's latest multiple-choice sets",
  )
  evalDatasetVersionIds?: string[];

  @DatasetVersionIds(
    'general text for forgetting; default: the latest ready corpora of domain general',
  )
  generalEvalDatasetVersionIds?: string[];

  @DatasetVersionIds(
    "safety prompts; default: the latest ready safety datasets of the model's domain",
  )
  safetyDatasetVersionIds?: string[];
}

export class CreatePipelineDto {
  @ApiProperty({ example: 'fin-advisor' })
  @IsString()
  @Matches(NAME_PATTERN, { message: `model ${NAME_MESSAGE}` })
  model!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "version the first step starts from; default: the model's base model",
  })
  @IsOptional()
  @IsUUID()
  baseVersionId?: string;

  @ApiProperty({
    type: [JobStepDto],
    description: 'each step starts from the version the previous one produced',
  })
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => JobStepDto)
  steps!: JobStepDto[];

  @ApiPropertyOptional({
    default: true,
    description:
      'evaluate the start (unless it already has an evaluation on the same datasets) and the version of every training step',
  })
  @IsOptional()
  @IsBoolean()
  evaluate?: boolean;

  @ApiPropertyOptional({
    type: PipelineEvaluationDto,
    description: 'what the automatic evaluations measure; each list left out takes its default',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PipelineEvaluationDto)
  evaluation?: PipelineEvaluationDto;
}
