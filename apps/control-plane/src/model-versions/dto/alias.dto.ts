import { ApiProperty } from '@nestjs/swagger';

export class AliasDto {
  @ApiProperty() model!: string;
  @ApiProperty({ example: 'production' }) alias!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() updatedAt!: string;
}

export class AliasListDto {
  @ApiProperty({ type: [AliasDto] }) items!: AliasDto[];
}

export class AliasEventDto {
  @ApiProperty() alias!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) fromVersionId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) fromVersion!: number | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null when removed' })
  toVersionId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) toVersion!: number | null;
  @ApiProperty() actor!: string;
  @ApiProperty() movedAt!: string;
}

export class AliasHistoryDto {
  @ApiProperty({ type: [AliasEventDto], description: 'oldest first' }) items!: AliasEventDto[];
}
