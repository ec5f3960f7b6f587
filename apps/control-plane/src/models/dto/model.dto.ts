import type { ModelEntity } from '@alloy/db';
import { ApiProperty } from '@nestjs/swagger';

export class ModelDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'domain name' }) domain!: string;
  @ApiProperty({ description: 'base model name' }) baseModel!: string;
  @ApiProperty({ nullable: true, type: String }) archivedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  /** Expects `domain` and `baseModel` relations loaded. */
  static from(e: ModelEntity): ModelDto {
    return {
      id: e.id,
      name: e.name,
      description: e.description,
      domain: e.domain?.name ?? '',
      baseModel: e.baseModel?.name ?? '',
      archivedAt: e.archivedAt ? e.archivedAt.toISOString() : null,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
    };
  }
}

export class ModelPageDto {
  @ApiProperty({ type: [ModelDto] }) items!: ModelDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
