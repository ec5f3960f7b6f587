import {
  DEPLOYMENTS_CHANNEL,
  DeploymentEntity,
  DeploymentRevisionEntity,
  ModelEntity,
  ModelVersionEntity,
  type DeploymentRevisionAction,
  type TrafficShare,
} from '@alloy/db';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/errors/postgres-errors';
import { AliasesService } from '../model-versions/aliases.service';
import { ModelsService } from '../models/models.service';
import { OrganizationsService } from '../organizations/organizations.service';
import type { CreateDeploymentDto } from './dto/create-deployment.dto';
import type { DeploymentDto, DeploymentListDto, DeploymentRevisionDto } from './dto/deployment.dto';
import type { PromoteVersionDto } from './dto/promote-version.dto';
import type { TrafficShareInput } from './dto/traffic-share.dto';
import type { UpdateTrafficDto } from './dto/update-traffic.dto';
import { DeploymentErrorCode } from './deployments.errors';

interface RevisionDraft {
  action: DeploymentRevisionAction;
  traffic: TrafficShare[];
  alias: string | null;
  aliasVersionId: string | null;
  restoredRevision: number | null;
}

/**
 * Deployments and their revisions. Every change writes a new revision and moves the pointer in one
 * transaction with the deployment row locked, so concurrent changes apply one after another and
 * none is lost; the audit row commits with it.
 */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationsService,
    private readonly models: ModelsService,
    private readonly aliases: AliasesService,
  ) {}

  async list(modelName?: string): Promise<DeploymentListDto> {
    const organizationId = await this.organizations.currentId();
    const where: { organizationId: string; modelId?: string } = { organizationId };
    if (modelName) where.modelId = (await this.models.findEntity(modelName)).id;
    const rows = await this.dataSource.getRepository(DeploymentEntity).find({
      where,
      relations: { model: true },
      order: { name: 'ASC' },
    });
    return {
      items: await Promise.all(rows.map((row) => this.toDto(this.dataSource.manager, row))),
    };
  }

  async get(name: string): Promise<DeploymentDto> {
    const manager = this.dataSource.manager;
    return this.toDto(manager, await this.findEntity(manager, name));
  }

  async create(ctx: RequestContext, input: CreateDeploymentDto): Promise<DeploymentDto> {
    const organizationId = await this.organizations.currentId();
    const model = await this.models.findEntity(input.model);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const traffic = await this.resolveTraffic(manager, model, input.traffic);
        const deployment = await manager.save(
          manager.create(DeploymentEntity, {
            organizationId,
            name: input.name,
            modelId: model.id,
            currentRevision: 1,
          }),
        );
        const revision = await manager.save(
          manager.create(DeploymentRevisionEntity, {
            deploymentId: deployment.id,
            revision: 1,
            action: 'create',
            traffic,
            alias: null,
            aliasVersionId: null,
            restoredRevision: null,
            createdBy: ctx.actor,
          }),
        );
        await this.audit.record(manager, ctx, {
          action: 'deployment.create',
          entityType: 'deployment',
          entityId: deployment.id,
          after: { ...deployment, revision },
        });
        await this.notify(manager, deployment.name);
        return this.toDto(manager, { ...deployment, model });
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw ApiError.conflict(
          `deployment "${input.name}" already exists`,
          DeploymentErrorCode.DEPLOYMENT_EXISTS,
        );
      throw error;
    }
  }

  async setTraffic(
    ctx: RequestContext,
    name: string,
    input: UpdateTrafficDto,
  ): Promise<DeploymentDto> {
    return this.change(ctx, name, async (manager, deployment, current) => ({
      action: 'split',
      traffic: await this.resolveTraffic(manager, deployment.model!, input.traffic),
      alias: current.alias,
      aliasVersionId: current.aliasVersionId,
      restoredRevision: null,
    }));
  }

  /**
   * All traffic to one version, and the registry alias moved to it in the same transaction: the
   * revision and the alias commit together or not at all.
   */
  async promote(
    ctx: RequestContext,
    name: string,
    input: PromoteVersionDto,
  ): Promise<DeploymentDto> {
    const alias = input.alias ?? 'production';
    return this.change(
      ctx,
      name,
      async (manager, deployment) => {
        const [share] = await this.resolveTraffic(manager, deployment.model!, [
          { version: input.version, weight: 100 },
        ]);
        return {
          action: 'promote',
          traffic: [share],
          alias,
          aliasVersionId: share.versionId,
          restoredRevision: null,
        };
      },
      async (manager, deployment) => {
        await this.aliases.set(ctx, deployment.model!.name, alias, input.version, manager, {
          override: input.override,
        });
      },
    );
  }

  /**
   * Restores the split in force before the current revision. Rolling back a rollback goes one
   * step further back, like an undo stack; the alias moves back too when the restored revision set one.
   */
  async rollback(ctx: RequestContext, name: string): Promise<DeploymentDto> {
    let restoredAlias: { alias: string; version: number } | null = null;
    return this.change(
      ctx,
      name,
      async (manager, deployment, current) => {
        const revisions = await manager.find(DeploymentRevisionEntity, {
          where: { deploymentId: deployment.id },
        });
        const byNumber = new Map(revisions.map((r) => [r.revision, r]));
        // Restored revisions always have smaller numbers, so this walk ends.
        let origin = current;
        for (;;) {
          const restored =
            origin.action === 'rollback' && origin.restoredRevision !== null
              ? byNumber.get(origin.restoredRevision)
              : undefined;
          if (!restored) break;
          origin = restored;
        }
        const target = byNumber.get(origin.revision - 1);
        if (!target) {
          throw ApiError.conflict(
            `deployment "${name}" has no revision before ${origin.revision} to roll back to`,
            DeploymentErrorCode.NOTHING_TO_ROLL_BACK,
          );
        }
        if (target.alias && target.aliasVersionId) {
          const version = await manager.findOneByOrFail(ModelVersionEntity, {
            id: target.aliasVersionId,
          });
          restoredAlias = { alias: target.alias, version: version.version };
        }
        return {
          action: 'rollback',
          traffic: target.traffic,
          alias: target.alias,
          aliasVersionId: target.aliasVersionId,
          restoredRevision: target.revision,
        };
      },
      async (manager, deployment) => {
        if (restoredAlias)
          await this.aliases.set(
            ctx,
            deployment.model!.name,
            restoredAlias.alias,
            restoredAlias.version,
            manager,
            // The restored version held the alias before: an incident's rollback is not gated again.
            { gate: false },
          );
      },
    );
  }

  private async change(
    ctx: RequestContext,
    name: string,
    draft: (
      manager: EntityManager,
      deployment: DeploymentEntity,
      current: DeploymentRevisionEntity,
    ) => Promise<RevisionDraft>,
    beforeCommit?: (manager: EntityManager, deployment: DeploymentEntity) => Promise<void>,
  ): Promise<DeploymentDto> {
    return this.dataSource.transaction(async (manager) => {
      const deployment = await this.lockForUpdate(manager, name);
      const current = await manager.findOneByOrFail(DeploymentRevisionEntity, {
        deploymentId: deployment.id,
        revision: deployment.currentRevision,
      });
      const next = await draft(manager, deployment, current);
      const revisionNumber = deployment.currentRevision + 1;
      const revision = await manager.save(
        manager.create(DeploymentRevisionEntity, {
          deploymentId: deployment.id,
          revision: revisionNumber,
          createdBy: ctx.actor,
          ...next,
        }),
      );
      await manager.update(
        DeploymentEntity,
        { id: deployment.id },
        { currentRevision: revisionNumber },
      );
      await this.audit.record(manager, ctx, {
        action: `deployment.${next.action}`,
        entityType: 'deployment',
        entityId: deployment.id,
        before: { revision: current.revision, traffic: current.traffic, alias: current.alias },
        after: { revision: revision.revision, traffic: revision.traffic, alias: revision.alias },
      });
      await this.notify(manager, deployment.name);
      if (beforeCommit) await beforeCommit(manager, deployment);
      return this.toDto(manager, await this.findEntity(manager, name));
    });
  }

  /** Delivered by Postgres when the transaction commits, and only then. */
  private async notify(manager: EntityManager, name: string): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [DEPLOYMENTS_CHANNEL, name]);
  }

  private async findEntity(manager: EntityManager, name: string): Promise<DeploymentEntity> {
    const deployment = await manager.findOne(DeploymentEntity, {
      where: { organizationId: await this.organizations.currentId(), name },
      relations: { model: true },
    });
    if (!deployment)
      throw ApiError.notFound('deployment', name, DeploymentErrorCode.DEPLOYMENT_NOT_FOUND);
    return deployment;
  }

  private async lockForUpdate(manager: EntityManager, name: string): Promise<DeploymentEntity> {
    const organizationId = await this.organizations.currentId();
    const locked = await manager
      .getRepository(DeploymentEntity)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.organization_id = :organizationId AND d.name = :name', { organizationId, name })
      .getOne();
    if (!locked)
      throw ApiError.notFound('deployment', name, DeploymentErrorCode.DEPLOYMENT_NOT_FOUND);
    locked.model = await manager.findOneByOrFail(ModelEntity, { id: locked.modelId });
    return locked;
  }

  /** Checks the shares (distinct versions, weights summing to 100, every version ready). */
  private async resolveTraffic(
    manager: EntityManager,
    model: ModelEntity,
    shares: TrafficShareInput[],
  ): Promise<TrafficShare[]> {
    const seen = new Set<number>();
    shares.forEach((share, i) => {
      if (seen.has(share.version))
        throw ApiError.validation([
          { field: `traffic.${i}.version`, message: `version ${share.version} is listed twice` },
        ]);
      seen.add(share.version);
    });
    const total = shares.reduce((sum, s) => sum + s.weight, 0);
    if (total !== 100)
      throw ApiError.validation([
        { field: 'traffic', message: `weights must sum to 100 (they sum to ${total})` },
      ]);
    const versions = await manager.findBy(ModelVersionEntity, {
      modelId: model.id,
      version: In(shares.map((s) => s.version)),
    });
    const byNumber = new Map(versions.map((v) => [v.version, v]));
    return shares.map((share, i) => {
      const version = byNumber.get(share.version);
      if (!version)
        throw ApiError.notFound(
          'model version',
          `${model.name}@${share.version}`,
          DeploymentErrorCode.VERSION_NOT_FOUND,
        );
      if (version.status !== 'ready')
        throw new ApiError(
          HttpStatus.CONFLICT,
          DeploymentErrorCode.VERSION_NOT_READY,
          `traffic.${i}.version: version ${share.version} is ${version.status}; only ready versions can be deployed`,
          [{ field: `traffic.${i}.version`, message: `version is ${version.status}` }],
        );
      return { versionId: version.id, weight: share.weight };
    });
  }

  private async toDto(
    manager: EntityManager,
    deployment: DeploymentEntity,
  ): Promise<DeploymentDto> {
    const revisions = await manager.find(DeploymentRevisionEntity, {
      where: { deploymentId: deployment.id },
      order: { revision: 'DESC' },
    });
    const ids = new Set<string>();
    for (const r of revisions) {
      r.traffic.forEach((s) => ids.add(s.versionId));
      if (r.aliasVersionId) ids.add(r.aliasVersionId);
    }
    const versions = ids.size ? await manager.findBy(ModelVersionEntity, { id: In([...ids]) }) : [];
    const numbers = new Map(versions.map((v) => [v.id, v.version]));
    const revisionDtos: DeploymentRevisionDto[] = revisions.map((r) => ({
      revision: r.revision,
      action: r.action,
      traffic: r.traffic.map((s) => ({
        versionId: s.versionId,
        version: numbers.get(s.versionId) ?? 0,
        weight: s.weight,
      })),
      alias: r.alias,
      aliasVersion: r.aliasVersionId ? (numbers.get(r.aliasVersionId) ?? null) : null,
      restoredRevision: r.restoredRevision,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
    }));
    const current = revisionDtos.find((r) => r.revision === deployment.currentRevision);
    return {
      id: deployment.id,
      name: deployment.name,
      model: deployment.model?.name ?? '',
      currentRevision: deployment.currentRevision,
      traffic: current?.traffic ?? [],
      revisions: revisionDtos,
      createdAt: deployment.createdAt.toISOString(),
      updatedAt: deployment.updatedAt.toISOString(),
    };
  }
}
