import { DATASET_KINDS, type DatasetKind } from '@alloy/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from '../../common/http/names';

export class CreateDatasetDto {
  @ApiProperty({ example: 'finance-corpus', pattern: NAME_PATTERN.source })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiProperty({ enum: DATASET_KINDS })
  @IsIn(DATASET_KINDS)
  kind!: DatasetKind;

  @ApiProperty({ example: 'finance', description: 'domain name' })
  @IsString()
  @Matches(NAME_PATTERN, { message: `domain ${NAME_MESSAGE}` })
  domain!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}
