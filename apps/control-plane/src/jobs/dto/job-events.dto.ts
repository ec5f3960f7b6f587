import type { JobEventEntity, JobMetricEntity } from '@alloy/db';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class JobEventDto {
  @ApiProperty({ description: 'order of arrival; pass as `after` (or Last-Event-ID) to continue' })
  position!: number;
  @ApiProperty() type!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() workerId!: string;
  @ApiProperty() time!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;

  static from(e: JobEventEntity): JobEventDto {
    return {
      position: e.position,
      type: e.type,
      attempt: e.attempt,
      workerId: e.workerId,
      time: e.time.toISOString(),
      payload: e.payload,
    };
  }
}

export class JobEventPageDto {
  @ApiProperty({ type: [JobEventDto] }) items!: JobEventDto[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '`after` for the next page; null when there is no more yet',
  })
  nextAfter!: number | null;
}

export class ListJobEventsQuery {
  @ApiPropertyOptional({ description: 'position of the last event already seen' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;
}

export class MetricPointDto {
  @ApiProperty() step!: number;
  @ApiProperty() loss!: number;
  @ApiProperty({ nullable: true, type: Number }) lr!: number | null;
  @ApiProperty({ nullable: true, type: Number }) tokensPerSecond!: number | null;
  @ApiProperty({ nullable: true, type: Number }) memoryBytes!: number | null;
  @ApiProperty({ nullable: true, type: Number }) evalLoss!: number | null;
  @ApiProperty({ nullable: true, type: Number }) perplexity!: number | null;
  @ApiProperty() time!: string;

  static from(m: JobMetricEntity): MetricPointDto {
    return { ...m, time: m.time.toISOString() };
  }
}

export class MetricSeriesDto {
  @ApiProperty({
    type: [MetricPointDto],
    description: 'one point per optimizer step logged, in step order',
  })
  items!: MetricPointDto[];
}
