import type { DeploymentRevisionAction } from '@alloy/db';
import { DEPLOYMENT_REVISION_ACTIONS } from '@alloy/db';
import { ApiProperty } from '@nestjs/swagger';

export class TrafficShareDto {
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'percent' }) weight!: number;
}

export class DeploymentRevisionDto {
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: DEPLOYMENT_REVISION_ACTIONS }) action!: DeploymentRevisionAction;
  @ApiProperty({ type: [TrafficShareDto] }) traffic!: TrafficShareDto[];
  @ApiProperty({ nullable: true, type: String, description: 'registry alias set by promotion' })
  alias!: string | null;
  @ApiProperty({ nullable: true, type: Number }) aliasVersion!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'for a rollback: revision restored' })
  restoredRevision!: number | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
}

export class DeploymentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'model name' }) model!: string;
  @ApiProperty() currentRevision!: number;
  @ApiProperty({ type: [TrafficShareDto], description: 'the split in force' })
  traffic!: TrafficShareDto[];
  @ApiProperty({ type: [DeploymentRevisionDto], description: 'every revision, newest first' })
  revisions!: DeploymentRevisionDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class DeploymentListDto {
  @ApiProperty({ type: [DeploymentDto] }) items!: DeploymentDto[];
}
