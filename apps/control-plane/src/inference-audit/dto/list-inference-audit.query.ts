import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';

export class ListInferenceAuditQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: 'fin-advisor', description: 'the model as routed' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  model?: string;

  @ApiPropertyOptional({ description: 'the API key id (the middle part of its token)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  apiKeyId?: string;

  @ApiPropertyOptional({
    example: '2026-01-31T00:00:00Z',
    description: 'requests from this time on (ISO 8601)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ enum: ['createdAt'], default: 'createdAt' })
  @IsOptional()
  @IsIn(['createdAt'])
  sort = 'createdAt' as const;
}
