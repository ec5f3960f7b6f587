import type { ArtifactStore } from '@alloy/artifact-store';
import { BaseModelEntity } from '@alloy/db';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/errors/postgres-errors';
import { OrganizationsService } from '../organizations/organizations.service';
import { BaseModelErrorCode } from './base-models.errors';
import { BaseModelDto } from './dto/base-model.dto';
import type { RegisterBaseModelDto } from './dto/register-base-model.dto';
import { inspectHfModelDirectory } from './hf-model-inspector';

@Injectable()
export class BaseModelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationsService,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<BaseModelDto[]> {
    const orgId = await this.organizations.currentId();
    const rows = await this.dataSource
      .getRepository(BaseModelEntity)
      .find({ where: { organizationId: orgId }, order: { name: 'ASC' } });
    return rows.map((row) => BaseModelDto.from(row));
  }

  async get(name: string): Promise<BaseModelDto> {
    return BaseModelDto.from(await this.findEntity(name));
  }

  async findEntity(name: string): Promise<BaseModelEntity> {
    const orgId = await this.organizations.currentId();
    const row = await this.dataSource
      .getRepository(BaseModelEntity)
      .findOneBy({ organizationId: orgId, name });
    if (!row) throw ApiError.notFound('base model', name, BaseModelErrorCode.BASE_MODEL_NOT_FOUND);
    return row;
  }

  async register(ctx: RequestContext, input: RegisterBaseModelDto): Promise<BaseModelDto> {
    const organizationId = await this.organizations.currentId();
    const dir = input.path.replace(/\/+$/, '');
    // Inspect before the transaction: hashing large weights must not hold a connection open.
    const inspected = await inspectHfModelDirectory(this.store, dir, this.config.baseModels);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const row = await manager.save(
          manager.create(BaseModelEntity, {
            organizationId,
            name: input.name,
            description: input.description ?? '',
            architecture: inspected.architecture,
            modelType: inspected.modelType,
            parameterCount: inspected.parameterCount,
            contextLength: inspected.contextLength,
            tokenizer: inspected.tokenizer,
            artifactUri: dir,
            artifactKey: dir,
            files: inspected.files,
            config: inspected.config,
          }),
        );
        await this.audit.record(manager, ctx, {
          action: 'base_model.register',
          entityType: 'base_model',
          entityId: row.id,
          after: { ...row, config: undefined },
        });
        return BaseModelDto.from(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw ApiError.conflict(
          `base model "${input.name}" already exists`,
          BaseModelErrorCode.BASE_MODEL_EXISTS,
        );
      }
      throw error;
    }
  }
}
