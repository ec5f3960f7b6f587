import type { DomainEntity } from '@alloy/db';
import { ApiProperty } from '@nestjs/swagger';

export class DomainDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() description!: string;
  @ApiProperty() createdAt!: string;

  static from(entity: DomainEntity): DomainDto {
    return {
      id: entity.id,
      name: entity.name,
      displayName: entity.displayName,
      description: entity.description,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class DomainListDto {
  @ApiProperty({ type: [DomainDto] }) items!: DomainDto[];
}
