import { REDIS_NAMESPACE_PATTERN } from '@alloy/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';

/** The worker's REDIS_NAMESPACE, sent with its registration and every heartbeat. */
function RedisNamespaceField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      example: 'alloy',
      pattern: REDIS_NAMESPACE_PATTERN.source,
      description:
        "the worker's REDIS_NAMESPACE; a namespace other than the control plane's is a 409",
    }),
    IsString(),
    Matches(REDIS_NAMESPACE_PATTERN, {
      message: 'redisNamespace must be letters, digits, "-", "_" and ".", 1 to 64 characters',
    }),
  );
}

export class GpuInfoDto {
  @ApiProperty() @IsInt() @Min(0) index!: number;
  @ApiProperty({ example: 'NVIDIA H200' }) @IsString() @MaxLength(128) name!: string;
  @ApiProperty() @IsNumber() @Min(0) memoryTotalMb!: number;
  @ApiProperty() @IsNumber() @Min(0) memoryUsedMb!: number;
  @ApiProperty() @IsNumber() @Min(0) @Max(100) utilizationPercent!: number;
}

export class RegisterWorkerDto {
  @ApiProperty({ example: 'gpu-host-1' }) @IsString() @MaxLength(255) host!: string;

  @ApiProperty({ type: [GpuInfoDto], description: 'empty for a CPU-only worker' })
  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => GpuInfoDto)
  gpus!: GpuInfoDto[];

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { zone: 'a' } })
  @IsObject()
  labels!: Record<string, string>;

  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(64) maxConcurrentJobs!: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) protocolVersion!: number;

  @ApiProperty({ type: [Number], example: [1] })
  @IsArray()
  @ArrayMaxSize(16)
  @IsInt({ each: true })
  specVersions!: number[];

  @ApiProperty({ example: '0.1.0' }) @IsString() @MaxLength(64) version!: string;

  // Required, not defaulted: a worker that omits it predates namespaces and uses BullMQ's bare
  // `bull` prefix, so assuming the default namespace would register it on a queue it never reads.
  @RedisNamespaceField()
  redisNamespace!: string;
}

export class WorkerHeartbeatDto {
  @ApiProperty({ type: [GpuInfoDto] })
  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => GpuInfoDto)
  gpus!: GpuInfoDto[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(256)
  @IsString({ each: true })
  runningJobIds!: string[];

  @RedisNamespaceField()
  redisNamespace!: string;
}
