import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsNumberRecord } from '../../common/http/is-number-record';

export class RegisterModelVersionDto {
  @ApiProperty({
    example: 'models/fin-advisor/runs/job-42',
    description: 'artifact directory on the artifact store',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  artifactPath!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the version this one was trained from (lineage)',
  })
  @IsOptional()
  @IsUUID()
  parentVersionId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the training job that produced it' })
  @IsOptional()
  @IsUUID()
  jobId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @ArrayMaxSize(64)
  @IsUUID('all', { each: true })
  datasetVersionIds?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { evalLoss: 1.9, perplexity: 6.7 },
  })
  @IsOptional()
  @IsNumberRecord()
  metrics?: Record<string, number>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { learningRate: 0.0002, method: 'lora' },
  })
  @IsOptional()
  @IsObject()
  hyperparameters?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['registered', 'ready'], default: 'registered' })
  @IsOptional()
  @IsIn(['registered', 'ready'])
  status?: 'registered' | 'ready';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}
