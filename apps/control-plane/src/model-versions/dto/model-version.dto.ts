import { MODEL_VERSION_STATUSES, type ModelVersionStatus } from '@alloy/contracts';
import type { ModelVersionEntity } from '@alloy/db';
import { ApiProperty } from '@nestjs/swagger';
import { ArtifactFileDto } from '../../base-models/dto/base-model.dto';
import { GateOverrideDto } from '../../evaluations/dto/gate.dto';

export class ModelVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'model name' }) model!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentVersionId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) jobId!: string | null;
  @ApiProperty({ type: [String] }) datasetVersionIds!: string[];
  @ApiProperty({
    description:
      "the artifact's key on the artifact store (e.g. jobs/<job id>/output), never a file path or URL",
  })
  artifactUri!: string;
  @ApiProperty({ type: [ArtifactFileDto] }) files!: ArtifactFileDto[];
  @ApiProperty({ enum: MODEL_VERSION_STATUSES }) status!: ModelVersionStatus;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) metrics!: Record<
    string,
    number
  >;
  @ApiProperty({ type: 'object', additionalProperties: true }) hyperparameters!: Record<
    string,
    unknown
  >;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String], example: ['production'] }) aliases!: string[];
  @ApiProperty({
    type: [GateOverrideDto],
    description: 'each time an admin moved an alias to this version past a failing promotion gate',
  })
  gateOverrides!: GateOverrideDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  /** Expects the `model` and `datasetVersions` relations loaded. */
  static from(
    e: ModelVersionEntity,
    aliases: string[],
    gateOverrides: GateOverrideDto[] = [],
  ): ModelVersionDto {
    return {
      id: e.id,
      model: e.model?.name ?? '',
      version: e.version,
      parentVersionId: e.parentVersionId,
      jobId: e.jobId,
      datasetVersionIds: (e.datasetVersions ?? []).map((d) => d.id).sort(),
      artifactUri: e.artifactKey,
      files: e.files,
      status: e.status,
      metrics: e.metrics,
      hyperparameters: e.hyperparameters,
      description: e.description,
      aliases: [...aliases].sort(),
      gateOverrides,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
    };
  }
}

export class ModelVersionPageDto {
  @ApiProperty({ type: [ModelVersionDto] }) items!: ModelVersionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class LineageNodeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentVersionId!: string | null;
  @ApiProperty({ description: 'generations away from the version asked about' }) depth!: number;
  @ApiProperty({ enum: MODEL_VERSION_STATUSES }) status!: ModelVersionStatus;
}

export class LineageDto {
  @ApiProperty({ type: ModelVersionDto }) version!: ModelVersionDto;
  @ApiProperty({ type: [LineageNodeDto], description: 'parent first, then its parent, ...' })
  ancestors!: LineageNodeDto[];
  @ApiProperty({
    type: [LineageNodeDto],
    description: 'breadth first: children, then grandchildren, ...',
  })
  descendants!: LineageNodeDto[];
}
