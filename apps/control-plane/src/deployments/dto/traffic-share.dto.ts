import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class TrafficShareInput {
  @ApiProperty({ example: 3, description: 'version number of the deployment’s model' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ example: 90, description: 'percent of the traffic; the weights sum to 100' })
  @IsInt()
  @Min(0)
  @Max(100)
  weight!: number;
}
