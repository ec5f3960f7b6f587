import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from '../../common/http/names';

export const ENABLEMENT_SCOPES = ['organization', 'domain', 'model'] as const;

export class EnablePluginDto {
  @ApiProperty({ enum: ENABLEMENT_SCOPES, description: 'where the plugin runs' })
  @IsIn(ENABLEMENT_SCOPES)
  scope!: (typeof ENABLEMENT_SCOPES)[number];

  @ApiPropertyOptional({ example: 'finance', description: 'with scope "domain"' })
  @ValidateIf((o: EnablePluginDto) => o.scope === 'domain' || o.domain !== undefined)
  @IsString()
  @Matches(NAME_PATTERN, { message: `domain ${NAME_MESSAGE}` })
  domain?: string;

  @ApiPropertyOptional({ example: 'fin-advisor', description: 'with scope "model"' })
  @ValidateIf((o: EnablePluginDto) => o.scope === 'model' || o.model !== undefined)
  @IsString()
  @Matches(NAME_PATTERN, { message: `model ${NAME_MESSAGE}` })
  model?: string;

  @ApiPropertyOptional({
    example: '1.0.0',
    description: 'an installed version; default the latest',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  version?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "the plugin's configuration, validated against its schema",
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'plugins run in ascending position', default: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}

export class InstallFromDirectoryDto {
  @ApiProperty({
    example: '/opt/alloy/plugins/acme-kyc/dist',
    description: 'a built plugin directory on the control plane host (platform admins only)',
  })
  @IsString()
  @MaxLength(4096)
  @Matches(/^\//, { message: 'directory must be an absolute path' })
  directory!: string;
}
