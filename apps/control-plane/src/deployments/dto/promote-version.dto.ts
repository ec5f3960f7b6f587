import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';

export class PromoteVersionDto {
  @ApiProperty({ example: 4, description: 'version that takes all the traffic' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ example: 'production', default: 'production' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, {
    message: 'alias must be a lowercase slug starting with a letter (a-z, 0-9, "-")',
  })
  alias?: string;
}
