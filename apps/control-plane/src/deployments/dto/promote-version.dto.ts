import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { GateOverrideInputDto } from '../../evaluations/dto/gate.dto';

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

  @ApiPropertyOptional({
    type: GateOverrideInputDto,
    description:
      'admins only: move production although the promotion gate fails; audited and kept with the version',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => GateOverrideInputDto)
  override?: GateOverrideInputDto;
}
