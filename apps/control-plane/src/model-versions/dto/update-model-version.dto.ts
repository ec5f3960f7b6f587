import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

export class UpdateModelVersionDto {
  @ApiPropertyOptional({ enum: ['registered', 'ready', 'failed'] })
  @IsOptional()
  @IsIn(['registered', 'ready', 'failed'])
  status?: 'registered' | 'ready' | 'failed';

  @ApiPropertyOptional({ description: 'merged into the recorded metrics' })
  @IsOptional()
  @IsObject()
  @IsNumber({}, { each: true })
  metrics?: Record<string, number>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}
