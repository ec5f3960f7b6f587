import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from '../../common/http/names';

export class CreateModelDto {
  @ApiProperty({ example: 'fin-advisor', pattern: NAME_PATTERN.source })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiProperty({ example: 'finance', description: 'domain name' })
  @IsString()
  @Matches(NAME_PATTERN, { message: `domain ${NAME_MESSAGE}` })
  domain!: string;

  @ApiProperty({ example: 'tiny-llama', description: 'base model name' })
  @IsString()
  @Matches(NAME_PATTERN, { message: `baseModel ${NAME_MESSAGE}` })
  baseModel!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}
