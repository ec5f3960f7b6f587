import { copyPlatformPluginDefaults, OrganizationEntity, UserEntity } from '@alloy/db';
import { canGrant, hashSecret } from '@alloy/identity';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import type { AuthContext } from './auth-context';
import { forbidden } from './auth-errors';
import type {
  CreateOrganizationDto,
  CreateUserDto,
  OrganizationDto,
  UpdateUserDto,
  UserDto,
} from './dto/auth.dto';

export function userDto(u: UserEntity): UserDto {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    organizationId: u.organizationId,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export function organizationDto(o: OrganizationEntity): OrganizationDto {
  return {
    id: o.id,
    name: o.name,
    displayName: o.displayName,
    platform: o.platform,
    createdAt: o.createdAt.toISOString(),
  };
}

/** Members of an organisation, and the organisations themselves (platform admins). */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(organizationId: string): Promise<UserDto[]> {
    const rows = await this.dataSource
      .getRepository(UserEntity)
      .find({ where: { organizationId }, order: { email: 'ASC' } });
    return rows.map(userDto);
  }

  async insertUser(
    manager: EntityManager,
    organizationId: string,
    input: CreateUserDto,
  ): Promise<UserEntity> {
    const email = input.email.toLowerCase();
    if (await manager.findOneBy(UserEntity, { email }))
      throw ApiError.conflict(`email: a user "${email}" already exists`);
    const user = manager.create(UserEntity, {
      organizationId,
      email,
      displayName: input.displayName ?? '',
      role: input.role,
      passwordHash: await hashSecret(input.password),
    });
    return manager.save(user);
  }

  async create(auth: AuthContext, ctx: RequestContext, input: CreateUserDto): Promise<UserDto> {
    if (!auth.principal.role || !canGrant(auth.principal.role, input.role))
      throw forbidden(
        `role ${auth.principal.role ?? 'none'} may not add a user with role ${input.role}`,
      );
    return this.dataSource.transaction(async (manager) => {
      const user = await this.insertUser(manager, auth.organizationId, input);
      await this.audit.record(manager, ctx, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: userDto(user),
      });
      return userDto(user);
    });
  }

  async update(
    organizationId: string,
    ctx: RequestContext,
    id: string,
    input: UpdateUserDto,
  ): Promise<UserDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = /^[0-9a-f-]{36}$/i.test(id)
        ? await manager.findOneBy(UserEntity, { id, organizationId })
        : null;
      if (!user) throw ApiError.notFound('user', id);
      const before = userDto(user);
      if (input.role) user.role = input.role;
      if (input.disabled !== undefined) user.disabled = input.disabled;
      await manager.save(user);
      await this.audit.record(manager, ctx, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before,
        after: userDto(user),
      });
      return userDto(user);
    });
  }

  async listOrganizations(): Promise<OrganizationDto[]> {
    const rows = await this.dataSource
      .getRepository(OrganizationEntity)
      .find({ order: { name: 'ASC' } });
    return rows.map(organizationDto);
  }

  async createOrganization(
    ctx: RequestContext,
    input: CreateOrganizationDto,
  ): Promise<OrganizationDto> {
    return this.dataSource.transaction(async (manager) => {
      if (await manager.findOneBy(OrganizationEntity, { name: input.name }))
        throw ApiError.conflict(`name: an organization "${input.name}" already exists`);
      const org = await manager.save(
        manager.create(OrganizationEntity, {
          name: input.name,
          displayName: input.displayName,
          platform: false,
        }),
      );
      // The industry plugins the platform runs for a domain run for the new tenant too, until its
      // admins change that.
      await copyPlatformPluginDefaults(manager, org.id, ctx.actor);
      await this.audit.record(
        manager,
        { ...ctx, organizationId: org.id },
        {
          action: 'organization.create',
          entityType: 'organization',
          entityId: org.id,
          after: organizationDto(org),
        },
      );
      return organizationDto(org);
    });
  }
}
