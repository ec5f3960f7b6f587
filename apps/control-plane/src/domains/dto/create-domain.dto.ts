import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from '../../common/http/names';

export class CreateDomainDto {
  @ApiProperty({ example: 'legal', pattern: NAME_PATTERN.source })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiProperty({ example: 'Legal' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiPropertyOptional({ example: 'Contracts, case law and compliance.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}
