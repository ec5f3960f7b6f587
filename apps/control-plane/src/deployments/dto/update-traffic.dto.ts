import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { MAX_TRAFFIC_SHARES } from './create-deployment.dto';
import { TrafficShareInput } from './traffic-share.dto';

export class UpdateTrafficDto {
  @ApiProperty({ type: [TrafficShareInput], description: 'ready versions and their weights' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TRAFFIC_SHARES)
  @ValidateNested({ each: true })
  @Type(() => TrafficShareInput)
  traffic!: TrafficShareInput[];
}
