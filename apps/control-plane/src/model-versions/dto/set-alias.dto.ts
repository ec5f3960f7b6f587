import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

export class SetAliasDto {
  @ApiProperty({ example: 3, description: 'version number within the model' })
  @IsInt()
  @Min(1)
  version!: number;
}
