import type { PluginEnablementEntity, PluginVersionEntity } from '@alloy/db';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PluginVersionDto {
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ description: 'true when installed by the platform for every organisation' })
  platform!: boolean;
  @ApiProperty({ enum: ['upload', 'directory'] }) source!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ nullable: true, type: String, description: 'fingerprint of the signing key' })
  signedBy!: string | null;
  @ApiProperty() installedBy!: string;
  @ApiProperty() installedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the manifest as installed',
  })
  manifest!: Record<string, unknown>;

  static from(row: PluginVersionEntity, platformOrgId: string): PluginVersionDto {
    return {
      version: row.version,
      platform: row.organizationId === platformOrgId,
      source: row.source,
      sha256: row.sha256,
      signedBy: row.signedBy,
      installedBy: row.installedBy,
      installedAt: row.installedAt.toISOString(),
      manifest: row.manifest,
    };
  }
}

export class PluginEnablementDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    example: 'domain:finance',
    description: 'organization, domain:<name> or model:<name>',
  })
  scope!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) config!: Record<string, unknown>;
  @ApiProperty() position!: number;
  @ApiProperty() enabledBy!: string;
  @ApiProperty() updatedAt!: string;

  static from(row: PluginEnablementEntity, version: string): PluginEnablementDto {
    return {
      id: row.id,
      scope: row.scope,
      version,
      config: row.config,
      position: row.position,
      enabledBy: row.enabledBy,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class PluginDto {
  @ApiProperty({ example: 'alloy.finance' }) id!: string;
  @ApiPropertyOptional() displayName?: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: [String], description: 'domains the plugin applies to; empty: any' })
  domains!: string[];
  @ApiProperty({ example: '1.0.0' }) latestVersion!: string;
  @ApiProperty({ enum: ['enabled', 'installed'] }) state!: 'enabled' | 'installed';
  @ApiProperty({ type: [PluginVersionDto] }) versions!: PluginVersionDto[];
  @ApiProperty({ type: [PluginEnablementDto] }) enablements!: PluginEnablementDto[];
}

export class PluginListDto {
  @ApiProperty({ type: [PluginDto] }) items!: PluginDto[];
}
