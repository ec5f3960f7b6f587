import type { AuditLogEntity } from '@alloy/db';
import { ApiProperty } from '@nestjs/swagger';

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) before!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) after!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty() createdAt!: string;

  static from(e: AuditLogEntity): AuditEntryDto {
    return { ...e, createdAt: e.createdAt.toISOString() };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
