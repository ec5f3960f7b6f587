import { MODEL_VERSION_STATUSES, type ModelVersionStatus } from '@alloy/contracts';
import type { ModelEntity } from '@alloy/db';
import { ApiProperty } from '@nestjs/swagger';

/** The highest-numbered version of a model, as a list row shows it. */
export class ModelLatestVersionDto {
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ enum: MODEL_VERSION_STATUSES }) status!: ModelVersionStatus;
  @ApiProperty({ type: [String], example: ['production'] }) aliases!: string[];
}

export class ModelDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'domain name' }) domain!: string;
  @ApiProperty({ description: 'base model name' }) baseModel!: string;
  @ApiProperty({ nullable: true, type: String }) archivedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({
    type: () => ModelLatestVersionDto,
    nullable: true,
    description: 'the highest-numbered version with its aliases; null before the first',
  })
  latestVersion!: ModelLatestVersionDto | null;

  /** Expects `domain` and `baseModel` relations loaded. */
  static from(e: ModelEntity, latestVersion: ModelLatestVersionDto | null): ModelDto {
    return {
      id: e.id,
      name: e.name,
      description: e.description,
      domain: e.domain?.name ?? '',
      baseModel: e.baseModel?.name ?? '',
      archivedAt: e.archivedAt ? e.archivedAt.toISOString() : null,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
      latestVersion,
    };
  }
}

export class ModelPageDto {
  @ApiProperty({ type: [ModelDto] }) items!: ModelDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
