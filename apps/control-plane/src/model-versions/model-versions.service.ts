import {
  type ArtifactStore,
  InvalidArtifactKeyError,
  type StoredFile,
} from '@alloy/artifact-store';
import { DatasetVersionEntity, ModelAliasEntity, ModelVersionEntity } from '@alloy/db';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { PromotionGateService } from '../evaluations/promotion-gate.service';
import { paginate } from '../common/pagination/cursor-page';
import { ModelErrorCode } from '../models/models.errors';
import { ModelsService } from '../models/models.service';
import type { ListModelVersionsQuery } from './dto/list-model-versions.query';
import { ModelVersionDto, type ModelVersionPageDto } from './dto/model-version.dto';
import type { RegisterModelVersionDto } from './dto/register-model-version.dto';
import type { UpdateModelVersionDto } from './dto/update-model-version.dto';
import { ModelVersionErrorCode } from './model-versions.errors';
import { isUuid } from '../common/http/ids';

@Injectable()
export class ModelVersionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly models: ModelsService,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly gates: PromotionGateService,
  ) {}

  /** Aliases held by each of the given versions. */
  async aliasesOf(
    versionIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(versionIds.map((id) => [id, []]));
    if (versionIds.length === 0) return result;
    const rows = await manager.find(ModelAliasEntity, { where: { versionId: In(versionIds) } });
    for (const row of rows) result.get(row.versionId)?.push(row.name);
    return result;
  }

  async toDtos(rows: ModelVersionEntity[], manager?: EntityManager): Promise<ModelVersionDto[]> {
    const ids = rows.map((r) => r.id);
    const aliases = await this.aliasesOf(ids, manager);
    const overrides = await this.gates.overridesOf(ids, manager);
    return rows.map((row) =>
      ModelVersionDto.from(row, aliases.get(row.id) ?? [], overrides.get(row.id) ?? []),
    );
  }

  async list(query: ListModelVersionsQuery): Promise<ModelVersionPageDto> {
    const qb = this.dataSource
      .getRepository(ModelVersionEntity)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.model', 'm')
      .leftJoinAndSelect('v.datasetVersions', 'dv')
      .innerJoin('m.domain', 'd')
      .innerJoin('m.baseModel', 'b')
      .where('m.organization_id = :org', { org: await this.models.findOrgId() });
    if (query.model) qb.andWhere('m.name = :model', { model: query.model });
    if (query.domain) qb.andWhere('d.name = :domain', { domain: query.domain });
    if (query.base) qb.andWhere('b.name = :base', { base: query.base });
    if (query.status) qb.andWhere('v.status = :status', { status: query.status });
    const page = await paginate(qb, query, {
      createdAt: { sql: 'v.created_at', value: (v) => v.createdAt.toISOString() },
      version: { sql: 'v.version', value: (v) => v.version },
    });
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  /** A model's versions; 404 for a model this tenant does not have (not an empty list). */
  async listOfModel(name: string, query: ListModelVersionsQuery): Promise<ModelVersionPageDto> {
    await this.models.findEntity(name);
    return this.list(Object.assign(query, { model: name }));
  }

  async findEntityById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ModelVersionEntity> {
    const row = isUuid(id)
      ? await manager.findOne(ModelVersionEntity, {
          where: { id },
          relations: { model: true, datasetVersions: true },
        })
      : null;
    if (!row || row.model?.organizationId !== (await this.models.findOrgId())) {
      throw ApiError.notFound('model version', id, ModelVersionErrorCode.VERSION_NOT_FOUND);
    }
    return row;
  }

  async findEntityByNumber(
    modelName: string,
    version: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ModelVersionEntity> {
    const model = await this.models.findEntity(modelName, manager);
    const row = Number.isSafeInteger(version)
      ? await manager.findOne(ModelVersionEntity, {
          where: { modelId: model.id, version },
          relations: { model: true, datasetVersions: true },
        })
      : null;
    if (!row)
      throw ApiError.notFound(
        'model version',
        `${modelName}@${version}`,
        ModelVersionErrorCode.VERSION_NOT_FOUND,
      );
    return row;
  }

  async getById(id: string): Promise<ModelVersionDto> {
    const [dto] = await this.toDtos([await this.findEntityById(id)]);
    return dto;
  }

  async getByNumber(modelName: string, version: number): Promise<ModelVersionDto> {
    const [dto] = await this.toDtos([await this.findEntityByNumber(modelName, version)]);
    return dto;
  }

  async register(
    ctx: RequestContext,
    modelName: string,
    input: RegisterModelVersionDto,
  ): Promise<ModelVersionDto> {
    const dir = input.artifactPath.replace(/\/+$/, '');
    try {
      if (!(await this.store.exists(dir))) {
        throw ApiError.badRequest(
          ModelVersionErrorCode.ARTIFACT_NOT_FOUND,
          `artifactPath: no directory "${dir}" on the artifact store`,
        );
      }
    } catch (error) {
      if (error instanceof InvalidArtifactKeyError)
        throw ApiError.validation([{ field: 'artifactPath', message: error.message }]);
      throw error;
    }
    // Hash before the transaction: large weights must not hold a connection and a row lock.
    const files = await this.store.listFiles(dir);
    return this.dataSource.transaction((manager) =>
      this.insertVersion(manager, ctx, modelName, input, dir, files),
    );
  }

  /**
   * Inserts a version inside the caller's transaction (REST registration, or a finished job),
   * numbering it under the model row lock.
   */
  async insertVersion(
    manager: EntityManager,
    ctx: RequestContext,
    modelName: string,
    input: RegisterModelVersionDto,
    dir: string,
    files: StoredFile[],
  ): Promise<ModelVersionDto> {
    const model = await this.models.lockForUpdate(manager, modelName);
    if (model.archivedAt) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        ModelErrorCode.MODEL_ARCHIVED,
        `model "${modelName}" is archived`,
      );
    }
    if (input.parentVersionId) {
      const parent = await manager.findOneBy(ModelVersionEntity, { id: input.parentVersionId });
      if (!parent) {
        throw new ApiError(
          HttpStatus.NOT_FOUND,
          ModelVersionErrorCode.PARENT_VERSION_NOT_FOUND,
          `parentVersionId: version "${input.parentVersionId}" not found`,
        );
      }
    }
    const datasetIds = [...new Set(input.datasetVersionIds ?? [])];
    const datasetVersions = datasetIds.length
      ? await manager.findBy(DatasetVersionEntity, { id: In(datasetIds) })
      : [];
    const missing = datasetIds.filter((id) => !datasetVersions.some((d) => d.id === id));
    if (missing.length) {
      throw new ApiError(
        HttpStatus.NOT_FOUND,
        ModelVersionErrorCode.DATASET_VERSION_NOT_FOUND,
        `datasetVersionIds: not found: ${missing.join(', ')}`,
        { missing },
      );
    }
    const { max } = (await manager
      .createQueryBuilder(ModelVersionEntity, 'v')
      .select('COALESCE(MAX(v.version), 0)', 'max')
      .where('v.model_id = :id', { id: model.id })
      .getRawOne<{ max: number }>()) ?? { max: 0 };
    const saved = await manager.save(
      manager.create(ModelVersionEntity, {
        modelId: model.id,
        version: Number(max) + 1,
        parentVersionId: input.parentVersionId ?? null,
        jobId: input.jobId ?? null,
        datasetVersions,
        artifactUri: dir,
        artifactKey: dir,
        files,
        status: input.status ?? 'registered',
        metrics: input.metrics ?? {},
        hyperparameters: input.hyperparameters ?? {},
        description: input.description ?? '',
      }),
    );
    await this.audit.record(manager, ctx, {
      action: 'model_version.register',
      entityType: 'model_version',
      entityId: saved.id,
      after: { ...saved, datasetVersions: datasetIds },
    });
    saved.model = model;
    const [dto] = await this.toDtos([saved], manager);
    return dto;
  }

  async update(
    ctx: RequestContext,
    id: string,
    input: UpdateModelVersionDto,
  ): Promise<ModelVersionDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.findEntityById(id, manager);
      if (row.status === 'archived') {
        throw ApiError.conflict(
          `version "${id}" is archived`,
          ModelVersionErrorCode.INVALID_STATUS_CHANGE,
        );
      }
      const before = { status: row.status, metrics: row.metrics, description: row.description };
      if (input.status) row.status = input.status;
      if (input.metrics) row.metrics = { ...row.metrics, ...input.metrics };
      if (input.description !== undefined) row.description = input.description;
      await manager.save(row);
      await this.audit.record(manager, ctx, {
        action: 'model_version.update',
        entityType: 'model_version',
        entityId: row.id,
        before,
        after: { status: row.status, metrics: row.metrics, description: row.description },
      });
      const [dto] = await this.toDtos([row], manager);
      return dto;
    });
  }

  async archive(ctx: RequestContext, id: string): Promise<ModelVersionDto> {
    const found = await this.findEntityById(id);
    return this.dataSource.transaction(async (manager) => {
      await this.models.lockForUpdate(manager, found.model!.name);
      const row = await this.findEntityById(id, manager);
      const aliases = (await this.aliasesOf([row.id], manager)).get(row.id) ?? [];
      if (aliases.length) {
        throw ApiError.conflict(
          `version is still the target of alias(es) ${aliases.join(', ')}; move them first`,
          ModelVersionErrorCode.VERSION_HAS_ALIASES,
        );
      }
      if (row.status !== 'archived') {
        const before = row.status;
        row.status = 'archived';
        await manager.save(row);
        await this.audit.record(manager, ctx, {
          action: 'model_version.archive',
          entityType: 'model_version',
          entityId: row.id,
          before: { status: before },
          after: { status: row.status },
        });
      }
      const [dto] = await this.toDtos([row], manager);
      return dto;
    });
  }
}
