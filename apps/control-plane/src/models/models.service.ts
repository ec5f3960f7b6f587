import { ModelEntity, ModelVersionEntity } from '@alloy/db';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BaseModelsService } from '../base-models/base-models.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/errors/postgres-errors';
import { paginate } from '../common/pagination/cursor-page';
import { DomainsService } from '../domains/domains.service';
import { OrganizationsService } from '../organizations/organizations.service';
import type { CreateModelDto } from './dto/create-model.dto';
import type { ListModelsQuery } from './dto/list-models.query';
import { ModelDto, type ModelLatestVersionDto, type ModelPageDto } from './dto/model.dto';
import { ModelErrorCode } from './models.errors';

@Injectable()
export class ModelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationsService,
    private readonly domains: DomainsService,
    private readonly baseModels: BaseModelsService,
  ) {}

  /** The highest-numbered version of each model, with its aliases: one query for the whole page. */
  private async latestVersions(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, ModelLatestVersionDto>> {
    if (ids.length === 0) return new Map();
    const rows = await manager
      .getRepository(ModelVersionEntity)
      .createQueryBuilder('v')
      .distinctOn(['v.model_id'])
      .select('v.model_id', 'modelId')
      .addSelect('v.version', 'version')
      .addSelect('v.status', 'status')
      .addSelect(
        `COALESCE((SELECT array_agg(a.name ORDER BY a.name) FROM model_aliases a WHERE a.version_id = v.id), '{}')`,
        'aliases',
      )
      .where('v.model_id IN (:...ids)', { ids })
      .orderBy('v.model_id')
      .addOrderBy('v.version', 'DESC')
      .getRawMany<{
        modelId: string;
        version: number;
        status: ModelLatestVersionDto['status'];
        aliases: string[];
      }>();
    return new Map(
      rows.map((r) => [
        r.modelId,
        { version: Number(r.version), status: r.status, aliases: r.aliases },
      ]),
    );
  }

  private async toDto(
    model: ModelEntity,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ModelDto> {
    const latest = await this.latestVersions([model.id], manager);
    return ModelDto.from(model, latest.get(model.id) ?? null);
  }

  async list(query: ListModelsQuery): Promise<ModelPageDto> {
    const qb = this.dataSource
      .getRepository(ModelEntity)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.domain', 'd')
      .innerJoinAndSelect('m.baseModel', 'b')
      .where('m.organization_id = :org', { org: await this.organizations.currentId() });
    if (query.domain) qb.andWhere('d.name = :domain', { domain: query.domain });
    if (query.base) qb.andWhere('b.name = :base', { base: query.base });
    if (!query.archived) qb.andWhere('m.archived_at IS NULL');
    const page = await paginate(qb, query, {
      createdAt: { sql: 'm.created_at', value: (m) => m.createdAt.toISOString() },
      name: { sql: 'm.name', value: (m) => m.name },
    });
    const latest = await this.latestVersions(page.items.map((m) => m.id));
    return {
      items: page.items.map((m) => ModelDto.from(m, latest.get(m.id) ?? null)),
      nextCursor: page.nextCursor,
    };
  }

  /** The organization the current request acts for. */
  findOrgId(): Promise<string> {
    return this.organizations.currentId();
  }

  async get(name: string): Promise<ModelDto> {
    return this.toDto(await this.findEntity(name));
  }

  /** The model with its domain and base model; 404 when unknown. */
  async findEntity(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ModelEntity> {
    const model = await manager.findOne(ModelEntity, {
      where: { organizationId: await this.organizations.currentId(), name },
      relations: { domain: true, baseModel: true },
    });
    if (!model) throw ApiError.notFound('model', name, ModelErrorCode.MODEL_NOT_FOUND);
    return model;
  }

  /** Locks the model row for the rest of the transaction: serialises version numbering and alias moves. */
  async lockForUpdate(manager: EntityManager, name: string): Promise<ModelEntity> {
    const orgId = await this.organizations.currentId();
    const locked = await manager
      .getRepository(ModelEntity)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.organization_id = :orgId AND m.name = :name', { orgId, name })
      .getOne();
    if (!locked) throw ApiError.notFound('model', name, ModelErrorCode.MODEL_NOT_FOUND);
    return locked;
  }

  async create(ctx: RequestContext, input: CreateModelDto): Promise<ModelDto> {
    const [organizationId, domain, baseModel] = await Promise.all([
      this.organizations.currentId(),
      this.domains.findEntity(input.domain),
      this.baseModels.findEntity(input.baseModel),
    ]);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const model = await manager.save(
          manager.create(ModelEntity, {
            organizationId,
            name: input.name,
            description: input.description ?? '',
            domainId: domain.id,
            baseModelId: baseModel.id,
            archivedAt: null,
          }),
        );
        await this.audit.record(manager, ctx, {
          action: 'model.create',
          entityType: 'model',
          entityId: model.id,
          after: model,
        });
        // A model just created has no versions yet.
        return ModelDto.from({ ...model, domain, baseModel }, null);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw ApiError.conflict(
          `model "${input.name}" already exists`,
          ModelErrorCode.MODEL_EXISTS,
        );
      throw error;
    }
  }

  async archive(ctx: RequestContext, name: string): Promise<ModelDto> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lockForUpdate(manager, name);
      if (!locked.archivedAt) {
        const before = { ...locked };
        locked.archivedAt = new Date();
        await manager.save(locked);
        await this.audit.record(manager, ctx, {
          action: 'model.archive',
          entityType: 'model',
          entityId: locked.id,
          before,
          after: locked,
        });
      }
      return this.toDto(await this.findEntity(name, manager), manager);
    });
  }
}
