import type { WorkerEntity } from '@alloy/db';
import { ApiProperty } from '@nestjs/swagger';
import { GpuInfoDto } from './register-worker.dto';

export class WorkerAssignmentDto {
  @ApiProperty() workerId!: string;
  @ApiProperty({ description: 'the BullMQ queue this worker consumes' }) queue!: string;
  @ApiProperty() cordoned!: boolean;
  @ApiProperty() draining!: boolean;
}

export class WorkerDto {
  @ApiProperty() id!: string;
  @ApiProperty() host!: string;
  @ApiProperty({ type: [GpuInfoDto] }) gpus!: GpuInfoDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<
    string,
    string
  >;
  @ApiProperty() maxConcurrentJobs!: number;
  @ApiProperty({ enum: ['online', 'offline'] }) state!: 'online' | 'offline';
  @ApiProperty() cordoned!: boolean;
  @ApiProperty() draining!: boolean;
  @ApiProperty({ type: [String] }) runningJobIds!: string[];
  @ApiProperty() lastHeartbeatAt!: string;
  @ApiProperty() registeredAt!: string;
  @ApiProperty() version!: string;

  static from(w: WorkerEntity, online: boolean): WorkerDto {
    return {
      id: w.id,
      host: w.host,
      gpus: w.gpus,
      labels: w.labels,
      maxConcurrentJobs: w.maxConcurrentJobs,
      state: online ? 'online' : 'offline',
      cordoned: w.cordoned,
      draining: w.draining,
      runningJobIds: w.runningJobIds,
      lastHeartbeatAt: w.lastHeartbeatAt.toISOString(),
      registeredAt: w.registeredAt.toISOString(),
      version: w.version,
    };
  }
}

export class WorkerListDto {
  @ApiProperty({ type: [WorkerDto] }) items!: WorkerDto[];
}
