import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNumberRecord } from '../../common/http/is-number-record';

export class UpdateModelVersionDto {
  @ApiPropertyOptional({ enum: ['registered', 'ready', 'failed'] })
  @IsOptional()
  @IsIn(['registered', 'ready', 'failed'])
  status?: 'registered' | 'ready' | 'failed';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'merged into the recorded metrics',
  })
  @IsOptional()
  @IsNumberRecord()
  metrics?: Record<string, number>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}
