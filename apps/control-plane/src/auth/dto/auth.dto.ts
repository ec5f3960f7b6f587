import { ROLES, type Role, SCOPES, type Scope } from '@alloy/identity';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { NAME_MESSAGE, NAME_PATTERN } from '../../common/http/names';

export class SignInDto {
  @ApiProperty({ example: 'admin@alloy.local' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class SessionDto {
  @ApiProperty({ description: 'Bearer token of the session; shown once' })
  token!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() idleExpiresAt!: string;
}

export class PrincipalDto {
  @ApiProperty({ enum: ['user', 'api-key', 'worker', 'worker-join'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'user:admin@alloy.local' }) name!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty({ description: 'The organisation the request acts in' })
  actingOrganizationId!: string;
  @ApiProperty() platform!: boolean;
  @ApiProperty({ enum: ROLES, nullable: true }) role!: Role | null;
  @ApiProperty({ enum: SCOPES, isArray: true, nullable: true }) scopes!: Scope[] | null;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'partner-portal' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name!: string;

  @ApiPropertyOptional({ enum: ROLES, description: "defaults to the creator's role" })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    enum: SCOPES,
    isArray: true,
    description: 'all the role allows when absent',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes?: Scope[];

  @ApiPropertyOptional({
    type: [String],
    description: 'inference only on these deployments (names)',
    example: ['fin-advisor'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(NAME_PATTERN, { each: true, message: `each deployment ${NAME_MESSAGE}` })
  deployments?: string[];

  @ApiPropertyOptional({ description: 'days until it expires; never when absent', example: 90 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class ApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['ak', 'wj', 'wk'] }) kind!: string;
  @ApiProperty({ enum: ROLES, nullable: true }) role!: string | null;
  @ApiProperty({ enum: SCOPES, isArray: true, nullable: true }) scopes!: string[] | null;
  @ApiProperty({ type: [String], nullable: true }) deployments!: string[] | null;
  @ApiProperty({ nullable: true, type: String }) workerId!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret token, shown only in this answer' })
  token!: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
}

export class CreateWorkerTokenDto {
  @ApiPropertyOptional({ example: 'gpu-hosts-rack-3' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ description: 'hours until the join token expires', example: 24 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8760)
  expiresInHours?: number;
}

export class WorkerTokenDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Start a worker with WORKER_TOKEN=<token>; shown only here' })
  token!: string;
  @ApiProperty() expiresAt!: string;
}

export class WorkerCredentialDto {
  @ApiProperty() workerId!: string;
  @ApiProperty() token!: string;
  @ApiProperty() signingKey!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'ana@bank.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ example: 'Ana Lima' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  displayName?: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ description: 'at least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIn([true, false])
  disabled?: boolean;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ nullable: true, type: String }) lockedUntil!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastSignInAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
}

export class CreateOrganizationDto {
  @ApiProperty({ example: 'first-bank', pattern: NAME_PATTERN.source })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiProperty({ example: 'First Bank' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;
}

export class OrganizationDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() platform!: boolean;
  @ApiProperty() createdAt!: string;
}

export class OrganizationSettingsDto extends OrganizationDto {
  @ApiProperty({ description: 'Inference audit rows keep the prompt and the output' })
  inferenceContentLogging!: boolean;
}

export class UpdateOrganizationSettingsDto {
  @ApiPropertyOptional({ example: 'First Bank' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({
    description: 'Keep prompts and outputs in the inference audit (off by default)',
  })
  @IsOptional()
  @IsBoolean()
  inferenceContentLogging?: boolean;
}

export class OrganizationListDto {
  @ApiProperty({ type: [OrganizationDto] }) items!: OrganizationDto[];
}
