import { deriveWorkerSigningKey, WORKER_ID_PATTERN } from '@alloy/contracts';
import { ApiKeyEntity } from '@alloy/db';
import {
  Authenticator,
  canGrant,
  hashSecret,
  newToken,
  parseToken,
  type Principal,
  type TokenKind,
} from '@alloy/identity';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { AuthContext } from './auth-context';
import { forbidden } from './auth-errors';
import type {
  ApiKeyDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  CreateWorkerTokenDto,
  WorkerCredentialDto,
  WorkerTokenDto,
} from './dto/auth.dto';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const DAY_MS = 86_400_000;

export function apiKeyDto(k: ApiKeyEntity): ApiKeyDto {
  return {
    id: k.id,
    name: k.name,
    kind: k.kind,
    role: k.role,
    scopes: k.scopes,
    deployments: k.deployments,
    workerId: k.workerId,
    createdBy: k.createdBy,
    createdAt: k.createdAt.toISOString(),
    expiresAt: iso(k.expiresAt),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  };
}

interface NewCredential {
  kind: TokenKind;
  organizationId: string;
  name: string;
  role?: string | null;
  scopes?: string[] | null;
  deployments?: string[] | null;
  workerId?: string | null;
  expiresAt?: Date | null;
  createdBy: string;
  /** A token chosen by configuration (the bootstrap admin key) instead of a new one. */
  token?: string;
}

/** API keys, worker join tokens and worker credentials: created, listed and revoked here. */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly authenticator: Authenticator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Stores the hash of a new token's secret; returns the row and the token (shown once). */
  async insert(
    manager: EntityManager,
    input: NewCredential,
  ): Promise<{ row: ApiKeyEntity; token: string }> {
    const given = input.token ? parseToken(input.token) : null;
    if (input.token && given?.kind !== input.kind)
      throw new Error(`not an alloy_${input.kind}_ token`);
    const parsed = given && input.token ? { ...given, token: input.token } : newToken(input.kind);
    const row = manager.create(ApiKeyEntity, {
      id: parsed.id,
      kind: input.kind,
      organizationId: input.organizationId,
      name: input.name,
      role: input.role ?? null,
      scopes: input.scopes ?? null,
      deployments: input.deployments ?? null,
      workerId: input.workerId ?? null,
      secretHash: await hashSecret(parsed.secret),
      createdBy: input.createdBy,
      expiresAt: input.expiresAt ?? null,
    });
    await manager.save(row);
    return { row, token: parsed.token };
  }

  async createApiKey(
    auth: AuthContext,
    ctx: RequestContext,
    input: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    const granter = auth.principal.role;
    const role = input.role ?? granter;
    if (!granter || !role || !canGrant(granter, role))
      throw forbidden(`role ${granter ?? 'none'} may not create a key with role ${role ?? 'none'}`);
    return this.dataSource.transaction(async (manager) => {
      const { row, token } = await this.insert(manager, {
        kind: 'ak',
        organizationId: auth.organizationId,
        name: input.name,
        role,
        scopes: input.scopes ?? null,
        deployments: input.deployments ?? null,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null,
        createdBy: ctx.actor,
      });
      await this.audit.record(manager, ctx, {
        action: 'api_key.create',
        entityType: 'api_key',
        entityId: row.id,
        after: { ...apiKeyDto(row) },
      });
      return { ...apiKeyDto(row), token };
    });
  }

  async list(organizationId: string): Promise<ApiKeyDto[]> {
    const rows = await this.dataSource
      .getRepository(ApiKeyEntity)
      .find({ where: { organizationId }, order: { createdAt: 'DESC' } });
    return rows.map(apiKeyDto);
  }

  /** Takes effect on every process within the authenticator's state TTL (500 ms). */
  async revoke(organizationId: string, ctx: RequestContext, id: string): Promise<ApiKeyDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(ApiKeyEntity, {
        where: { id, organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw ApiError.notFound('api key', id);
      if (!row.revokedAt) {
        row.revokedAt = new Date();
        await manager.save(row);
        await this.audit.record(manager, ctx, {
          action: 'api_key.revoke',
          entityType: 'api_key',
          entityId: id,
          after: { revokedAt: row.revokedAt.toISOString() },
        });
      }
      this.authenticator.forget(id);
      return apiKeyDto(row);
    });
  }

  async createWorkerToken(
    auth: AuthContext,
    ctx: RequestContext,
    input: CreateWorkerTokenDto,
  ): Promise<WorkerTokenDto> {
    const expiresAt = new Date(Date.now() + (input.expiresInHours ?? 24) * 3600_000);
    return this.dataSource.transaction(async (manager) => {
      const { row, token } = await this.insert(manager, {
        kind: 'wj',
        organizationId: auth.principal.organizationId,
        name: input.name ?? 'worker join token',
        expiresAt,
        createdBy: ctx.actor,
      });
      await this.audit.record(manager, ctx, {
        action: 'worker_token.create',
        entityType: 'api_key',
        entityId: row.id,
        after: { ...apiKeyDto(row) },
      });
      return { id: row.id, token, expiresAt: expiresAt.toISOString() };
    });
  }

  /**
   * A join token buys a worker its own credential; an earlier credential of the same worker id
   * is revoked, so one worker id has one live credential.
   */
  async exchangeJoinToken(
    join: Principal,
    ctx: RequestContext,
    workerId: string,
  ): Promise<WorkerCredentialDto> {
    if (!WORKER_ID_PATTERN.test(workerId))
      throw ApiError.validation([
        { field: 'id', message: 'must be a lowercase slug (a-z, 0-9, "-"), at most 63 characters' },
      ]);
    return this.dataSource.transaction(async (manager) => {
      const previous = await manager.find(ApiKeyEntity, {
        where: { kind: 'wk', workerId, revokedAt: IsNull() },
      });
      for (const old of previous) {
        old.revokedAt = new Date();
        await manager.save(old);
        this.authenticator.forget(old.id);
      }
      const { row, token } = await this.insert(manager, {
        kind: 'wk',
        organizationId: join.organizationId,
        name: `worker ${workerId}`,
        workerId,
        createdBy: join.name,
      });
      await this.audit.record(manager, ctx, {
        action: 'worker.credential.issue',
        entityType: 'worker',
        entityId: workerId,
        after: { credentialId: row.id, joinToken: join.id, revoked: previous.map((p) => p.id) },
      });
      return {
        workerId,
        token,
        signingKey: deriveWorkerSigningKey(this.config.auth.signingSecret, workerId),
      };
    });
  }
}
