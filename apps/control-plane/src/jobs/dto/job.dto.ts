import { JOB_KINDS, PRECISIONS, TRAINING_METHODS } from '@alloy/contracts';
import type { JobEntity, JobTransitionEntity } from '@alloy/db';
import { JOB_STATUSES, type JobStatus } from '@alloy/db';
import { redactFilesystemPaths } from '@alloy/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class JobTransitionDto {
  @ApiProperty({ enum: JOB_STATUSES, nullable: true }) from!: JobStatus | null;
  @ApiProperty({ enum: JOB_STATUSES }) to!: JobStatus;
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;

  static from(t: JobTransitionEntity): JobTransitionDto {
    return {
      from: t.fromStatus,
      to: t.toStatus,
      reason: redactFilesystemPaths(t.reason),
      at: t.at.toISOString(),
    };
  }
}

export class JobDatasetDto {
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty({ enum: ['train', 'replay', 'eval', 'mc_eval', 'general_eval', 'safety_eval'] })
  role!: string;
  @ApiPropertyOptional({
    enum: ['heldout', 'all'],
    description: 'corpus eval data: held-out documents only, or all',
  })
  split?: string;
}

export class JobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ enum: JOB_KINDS }) kind!: string;
  @ApiProperty({ enum: TRAINING_METHODS }) method!: string;
  @ApiProperty({ enum: JOB_STATUSES }) status!: JobStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) baseVersionId!: string | null;
  @ApiProperty({ type: [JobDatasetDto] }) datasets!: JobDatasetDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) hyperparameters!: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: 'object', additionalProperties: true }) resources!: object;
  @ApiProperty({ enum: PRECISIONS }) precision!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) parallelism!: Record<
    string,
    unknown
  >;
  @ApiProperty({ nullable: true, type: String }) workerId!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() maxAttempts!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) pipelineId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) dependsOnJobId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'why no registered worker can hold the job',
  })
  unschedulableReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) resultVersionId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastCheckpointStep!: number | null;
  @ApiProperty({ nullable: true, type: String }) cancelRequestedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ type: [JobTransitionDto] }) transitions!: JobTransitionDto[];

  static from(j: JobEntity, transitions: JobTransitionEntity[] = []): JobDto {
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      id: j.id,
      model: j.model?.name ?? '',
      kind: j.kind,
      method: j.method,
      status: j.status,
      baseVersionId: j.baseVersionId,
      datasets: j.datasets,
      hyperparameters: j.hyperparameters,
      resources: j.resources,
      precision: j.precision,
      parallelism: j.parallelism,
      workerId: j.workerId,
      attempts: j.attempts,
      maxAttempts: j.maxAttempts,
      pipelineId: j.pipelineId,
      dependsOnJobId: j.dependsOnJobId,
      unschedulableReason: j.unschedulableReason,
      // reasons stored before they were redacted at ingestion are redacted here
      failureReason: j.failureReason && redactFilesystemPaths(j.failureReason),
      resultVersionId: j.resultVersionId,
      lastCheckpointStep: j.lastCheckpointStep,
      cancelRequestedAt: iso(j.cancelRequestedAt),
      createdAt: j.createdAt.toISOString(),
      startedAt: iso(j.startedAt),
      finishedAt: iso(j.finishedAt),
      transitions: transitions.map((t) => JobTransitionDto.from(t)),
    };
  }
}

export class JobPageDto {
  @ApiProperty({ type: [JobDto] }) items!: JobDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PipelineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [JobDto], description: 'the steps, in order' }) jobs!: JobDto[];
}
