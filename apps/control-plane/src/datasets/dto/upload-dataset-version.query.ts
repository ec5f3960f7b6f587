import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from '../../common/http/names';

export const UPLOAD_FORMATS = ['auto', 'txt', 'jsonl', 'json'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

export class UploadDatasetVersionQuery {
  @ApiPropertyOptional({
    enum: UPLOAD_FORMATS,
    default: 'auto',
    description: 'container format; auto decides from the file name and the first bytes',
  })
  @IsOptional()
  @IsIn(UPLOAD_FORMATS)
  format: UploadFormat = 'auto';

  @ApiPropertyOptional({
    description:
      'file name for application/octet-stream uploads (multipart uploads carry their own); a plain name, no path',
    example: 'corpus.jsonl',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fileName?: string;

  @ApiPropertyOptional({
    description: 'base model whose tokenizer counts the tokens (default: a built-in word count)',
  })
  @IsOptional()
  @IsString()
  @Matches(NAME_PATTERN, { message: `baseModel ${NAME_MESSAGE}` })
  baseModel?: string;
}

export class PreviewQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 10;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  offset: number = 0;
}
