import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from '../../common/http/names';

export class RegisterBaseModelDto {
  @ApiProperty({ example: 'tiny-llama', pattern: NAME_PATTERN.source })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiProperty({
    example: 'base-models/tiny-llama',
    description: 'A Hugging Face model directory on the artifact store, relative to its root',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  path!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}
