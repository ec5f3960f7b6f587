import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from '../../common/http/names';
import { TrafficShareInput } from './traffic-share.dto';

export const MAX_TRAFFIC_SHARES = 10;

export class CreateDeploymentDto {
  @ApiProperty({ example: 'fin-advisor', pattern: NAME_PATTERN.source })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiProperty({ example: 'fin-advisor', description: 'model name' })
  @IsString()
  @Matches(NAME_PATTERN, { message: `model ${NAME_MESSAGE}` })
  model!: string;

  @ApiProperty({ type: [TrafficShareInput], description: 'ready versions and their weights' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TRAFFIC_SHARES)
  @ValidateNested({ each: true })
  @Type(() => TrafficShareInput)
  traffic!: TrafficShareInput[];
}
