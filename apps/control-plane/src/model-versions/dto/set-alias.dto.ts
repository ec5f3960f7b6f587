import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min, ValidateNested } from 'class-validator';
import { GateOverrideInputDto } from '../../evaluations/dto/gate.dto';

export class SetAliasDto {
  @ApiProperty({ example: 3, description: 'version number within the model' })
  @IsInt()
  @Min(1)
  version!: number;

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
