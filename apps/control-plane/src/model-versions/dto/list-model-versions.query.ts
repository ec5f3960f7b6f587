import { MODEL_VERSION_STATUSES, type ModelVersionStatus } from '@alloy/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';

export const VERSION_SORTS = ['createdAt', 'version'] as const;
export type VersionSort = (typeof VERSION_SORTS)[number];

export class ListModelVersionsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'model name (implied on /models/{name}/versions)' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  model?: string;

  @ApiPropertyOptional({ description: 'domain name' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  domain?: string;

  @ApiPropertyOptional({ enum: MODEL_VERSION_STATUSES })
  @IsOptional()
  @IsIn(MODEL_VERSION_STATUSES)
  status?: ModelVersionStatus;

  @ApiPropertyOptional({ description: 'base model name' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  base?: string;

  @ApiPropertyOptional({ enum: VERSION_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(VERSION_SORTS)
  sort: VersionSort = 'createdAt';
}
