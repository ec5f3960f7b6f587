import { DATASET_KINDS, type DatasetKind } from '@alloy/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';

export const DATASET_SORTS = ['createdAt', 'name'] as const;
export type DatasetSort = (typeof DATASET_SORTS)[number];

export class ListDatasetsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'domain name' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  domain?: string;

  @ApiPropertyOptional({ enum: DATASET_KINDS })
  @IsOptional()
  @IsIn(DATASET_KINDS)
  kind?: DatasetKind;

  @ApiPropertyOptional({ enum: DATASET_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(DATASET_SORTS)
  sort: DatasetSort = 'createdAt';
}

export const DATASET_VERSION_SORTS = ['version', 'createdAt'] as const;
export type DatasetVersionSort = (typeof DATASET_VERSION_SORTS)[number];

export class ListDatasetVersionsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: DATASET_VERSION_SORTS, default: 'version' })
  @IsOptional()
  @IsIn(DATASET_VERSION_SORTS)
  sort: DatasetVersionSort = 'version';
}
