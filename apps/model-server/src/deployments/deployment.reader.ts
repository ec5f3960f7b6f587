import {
  DeploymentEntity,
  DeploymentRevisionEntity,
  DomainEntity,
  ModelAliasEntity,
  ModelEntity,
  ModelVersionEntity,
} from '@alloy/db';
import { loadableModel } from '@alloy/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { CatalogRows } from './deployment-catalog';

/** Reads deployments, their current revisions, ready versions and aliases in one snapshot. */
@Injectable()
export class DeploymentReader {
  constructor(private readonly dataSource: DataSource) {}

  async read(): Promise<CatalogRows> {
    // REPEATABLE READ: every query sees the same snapshot, so a revision never meets stale versions.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const deployments = await manager
        .getRepository(DeploymentEntity)
        .createQueryBuilder('d')
        .innerJoin(ModelEntity, 'm', 'm.id = d.model_id')
        .leftJoin(DomainEntity, 'dm', 'dm.id = m.domain_id')
        .innerJoin(
          DeploymentRevisionEntity,
          'r',
          'r.deployment_id = d.id AND r.revision = d.current_revision',
        )
        .select([
          'd.organization_id AS organization_id',
          'd.name AS deployment',
          'm.name AS model',
          'm.id AS model_id',
          'dm.name AS domain',
          'd.current_revision AS revision',
          'r.traffic AS traffic',
        ])
        .orderBy('d.created_at', 'ASC')
        .getRawMany<{
          organization_id: string;
          deployment: string;
          model: string;
          model_id: string;
          domain: string | null;
          revision: number;
          traffic: { versionId: string; weight: number }[];
        }>();
      const modelIds = [...new Set(deployments.map((d) => d.model_id))];
      const modelNames = new Map(deployments.map((d) => [d.model_id, d.model]));
      const modelOrgs = new Map(deployments.map((d) => [d.model_id, d.organization_id]));
      if (modelIds.length === 0) return { deployments: [], versions: [], aliases: [] };
      const versions = await manager.find(ModelVersionEntity, {
        where: { modelId: In(modelIds), status: 'ready' },
        select: { id: true, modelId: true, version: true, artifactKey: true, files: true },
      });
      const aliases = await manager.find(ModelAliasEntity, {
        where: { modelId: In(modelIds) },
      });
      return {
        deployments: deployments.map((d) => ({
          organizationId: d.organization_id,
          deployment: d.deployment,
          model: d.model,
          domain: d.domain ?? undefined,
          revision: Number(d.revision),
          traffic: d.traffic,
        })),
        versions: versions.map((v) => ({
          versionId: v.id,
          organizationId: modelOrgs.get(v.modelId)!,
          model: modelNames.get(v.modelId)!,
          version: v.version,
          // a LoRA version is served from its merged model
          artifactKey: loadableModel(v.artifactKey, v.files).key,
        })),
        aliases: aliases.map((a) => ({
          organizationId: modelOrgs.get(a.modelId)!,
          model: modelNames.get(a.modelId)!,
          alias: a.name,
          versionId: a.versionId,
        })),
      };
    });
  }
}
