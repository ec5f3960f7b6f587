import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { PageQueryDto } from '../../common/pagination/page-query.dto';

export const MODEL_SORTS = ['createdAt', 'name'] as const;
export type ModelSort = (typeof MODEL_SORTS)[number];

export class ListModelsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'domain name' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  domain?: string;

  @ApiPropertyOptional({ description: 'base model name' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  base?: string;

  @ApiPropertyOptional({ description: 'include archived models', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional({ enum: MODEL_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(MODEL_SORTS)
  sort: ModelSort = 'createdAt';
}
