import { ModelAliasEntity, ModelAliasEventEntity, ModelVersionEntity } from '@alloy/db';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { PromotionGateService } from '../evaluations/promotion-gate.service';
import { ModelsService } from '../models/models.service';
import type { AliasDto, AliasEventDto } from './dto/alias.dto';
import { ModelVersionErrorCode } from './model-versions.errors';

export const ALIAS_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

export interface AliasMoveOptions {
  /** An admin's reason to move a gated alias although the promotion gate fails. */
  override?: { reason: string };
  /** False when restoring what a deployment rollback restores: that move was gated when first made. */
  gate?: boolean;
}

/**
 * Moves aliases atomically. Each move locks the model row, so concurrent moves of any alias of a
 * model run one after another; the unique (model, alias) index backs it up. Every move is kept.
 */
@Injectable()
export class AliasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly models: ModelsService,
    private readonly gates: PromotionGateService,
  ) {}

  private checkAlias(alias: string): void {
    if (!ALIAS_PATTERN.test(alias)) {
      throw ApiError.validation([
        {
          field: 'alias',
          message: 'must be a lowercase slug starting with a letter (a-z, 0-9, "-")',
        },
      ]);
    }
  }

  async list(modelName: string): Promise<AliasDto[]> {
    const model = await this.models.findEntity(modelName);
    const rows = await this.dataSource.getRepository(ModelAliasEntity).find({
      where: { modelId: model.id },
      relations: { version: true },
      order: { name: 'ASC' },
    });
    return rows.map((row) => ({
      model: model.name,
      alias: row.name,
      versionId: row.versionId,
      version: row.version!.version,
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  async set(
    ctx: RequestContext,
    modelName: string,
    alias: string,
    versionNumber: number,
    outer?: EntityManager,
    options: AliasMoveOptions = {},
  ): Promise<AliasDto> {
    this.checkAlias(alias);
    // Inside a caller's transaction (a deployment promotion) the move commits or fails with it.
    const inTransaction = <T>(work: (manager: EntityManager) => Promise<T>) =>
      outer ? work(outer) : this.dataSource.transaction(work);
    return inTransaction(async (manager) => {
      const model = await this.models.lockForUpdate(manager, modelName);
      const target = await manager.findOneBy(ModelVersionEntity, {
        modelId: model.id,
        version: versionNumber,
      });
      if (!target) {
        throw ApiError.notFound(
          'model version',
          `${modelName}@${versionNumber}`,
          ModelVersionErrorCode.VERSION_NOT_FOUND,
        );
      }
      if (target.status === 'archived' || target.status === 'failed') {
        throw new ApiError(
          HttpStatus.CONFLICT,
          ModelVersionErrorCode.VERSION_NOT_SERVABLE,
          `version ${versionNumber} is ${target.status} and cannot hold an alias`,
        );
      }
      const current = await manager.findOneBy(ModelAliasEntity, { modelId: model.id, name: alias });
      if (current?.versionId !== target.id) {
        // Checked under the model row lock, so the move and any override commit together.
        if (options.gate !== false)
          await this.gates.enforce(manager, ctx, model, target, alias, options.override);
        if (current) {
          await manager.update(ModelAliasEntity, { id: current.id }, { versionId: target.id });
        } else {
          await manager.insert(ModelAliasEntity, {
            modelId: model.id,
            name: alias,
            versionId: target.id,
          });
        }
        await manager.insert(ModelAliasEventEntity, {
          modelId: model.id,
          alias,
          fromVersionId: current?.versionId ?? null,
          toVersionId: target.id,
          actor: ctx.actor,
        });
        await this.audit.record(manager, ctx, {
          action: 'model.alias.set',
          entityType: 'model',
          entityId: model.id,
          before: { alias, versionId: current?.versionId ?? null },
          after: { alias, versionId: target.id, version: target.version },
        });
      }
      const saved = await manager.findOneByOrFail(ModelAliasEntity, {
        modelId: model.id,
        name: alias,
      });
      return {
        model: model.name,
        alias,
        versionId: target.id,
        version: target.version,
        updatedAt: saved.updatedAt.toISOString(),
      };
    });
  }

  async remove(ctx: RequestContext, modelName: string, alias: string): Promise<void> {
    this.checkAlias(alias);
    await this.dataSource.transaction(async (manager) => {
      const model = await this.models.lockForUpdate(manager, modelName);
      const current = await manager.findOneBy(ModelAliasEntity, { modelId: model.id, name: alias });
      if (!current)
        throw ApiError.notFound(
          'alias',
          `${modelName}:${alias}`,
          ModelVersionErrorCode.ALIAS_NOT_FOUND,
        );
      await manager.delete(ModelAliasEntity, { id: current.id });
      await manager.insert(ModelAliasEventEntity, {
        modelId: model.id,
        alias,
        fromVersionId: current.versionId,
        toVersionId: null,
        actor: ctx.actor,
      });
      await this.audit.record(manager, ctx, {
        action: 'model.alias.remove',
        entityType: 'model',
        entityId: model.id,
        before: { alias, versionId: current.versionId },
        after: null,
      });
    });
  }

  async history(modelName: string, alias: string): Promise<AliasEventDto[]> {
    this.checkAlias(alias);
    const model = await this.models.findEntity(modelName);
    const events = await this.dataSource.getRepository(ModelAliasEventEntity).find({
      where: { modelId: model.id, alias },
      order: { seq: 'ASC' },
    });
    const ids = [
      ...new Set(
        events.flatMap((e) => [e.fromVersionId, e.toVersionId]).filter((id): id is string => !!id),
      ),
    ];
    const rows = ids.length
      ? await this.dataSource.getRepository(ModelVersionEntity).findBy({ id: In(ids) })
      : [];
    const numbers = new Map(rows.map((row) => [row.id, row.version]));
    return events.map((e) => ({
      alias: e.alias,
      fromVersionId: e.fromVersionId,
      fromVersion: e.fromVersionId ? (numbers.get(e.fromVersionId) ?? null) : null,
      toVersionId: e.toVersionId,
      toVersion: e.toVersionId ? (numbers.get(e.toVersionId) ?? null) : null,
      actor: e.actor,
      movedAt: e.movedAt.toISOString(),
    }));
  }
}
