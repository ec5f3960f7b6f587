import { DatasetEntity, DatasetVersionEntity } from '@alloy/db';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/errors/postgres-errors';
import { paginate } from '../common/pagination/cursor-page';
import { DomainsService } from '../domains/domains.service';
import { OrganizationsService } from '../organizations/organizations.service';
import type { CreateDatasetDto } from './dto/create-dataset.dto';
import { DatasetDto, type DatasetLatestVersionDto, type DatasetPageDto } from './dto/dataset.dto';
import type { ListDatasetsQuery } from './dto/list-datasets.query';
import { DatasetErrorCode } from './datasets.errors';

@Injectable()
export class DatasetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationsService,
    private readonly domains: DomainsService,
  ) {}

  /** The newest version of each dataset: one query for the whole page. */
  private async latestVersions(ids: string[]): Promise<Map<string, DatasetLatestVersionDto>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(DatasetVersionEntity)
      .createQueryBuilder('v')
      .distinctOn(['v.dataset_id'])
      .select('v.dataset_id', 'id')
      .addSelect('v.version', 'version')
      .addSelect('v.status', 'status')
      .addSelect('v.record_count', 'recordCount')
      .where({ datasetId: In(ids) })
      .orderBy('v.dataset_id')
      .addOrderBy('v.version', 'DESC')
      .getRawMany<{
        id: string;
        version: number;
        status: DatasetLatestVersionDto['status'];
        recordCount: number | null;
      }>();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          version: Number(r.version),
          status: r.status,
          recordCount: r.recordCount === null ? null : Number(r.recordCount),
        },
      ]),
    );
  }

  private async toDtos(rows: DatasetEntity[]): Promise<DatasetDto[]> {
    const latest = await this.latestVersions(rows.map((r) => r.id));
    return rows.map((r) => DatasetDto.from(r, latest.get(r.id) ?? null));
  }

  async list(query: ListDatasetsQuery): Promise<DatasetPageDto> {
    const qb = this.dataSource
      .getRepository(DatasetEntity)
      .createQueryBuilder('ds')
      .innerJoinAndSelect('ds.domain', 'd')
      .where('ds.organization_id = :org', { org: await this.organizations.currentId() });
    if (query.domain) qb.andWhere('d.name = :domain', { domain: query.domain });
    if (query.kind) qb.andWhere('ds.kind = :kind', { kind: query.kind });
    const page = await paginate(qb, query, {
      createdAt: { sql: 'ds.created_at', value: (r) => r.createdAt.toISOString() },
      name: { sql: 'ds.name', value: (r) => r.name },
    });
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  async get(name: string): Promise<DatasetDto> {
    const [dto] = await this.toDtos([await this.findEntity(name)]);
    return dto;
  }

  /** The dataset with its domain; 404 when unknown. */
  async findEntity(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DatasetEntity> {
    const row = await manager.findOne(DatasetEntity, {
      where: { organizationId: await this.organizations.currentId(), name },
      relations: { domain: true },
    });
    if (!row) throw ApiError.notFound('dataset', name, DatasetErrorCode.DATASET_NOT_FOUND);
    return row;
  }

  /** Locks the dataset row for the rest of the transaction: serialises version numbering. */
  async lockForUpdate(manager: EntityManager, id: string): Promise<void> {
    await manager
      .getRepository(DatasetEntity)
      .createQueryBuilder('ds')
      .setLock('pessimistic_write')
      .where('ds.id = :id', { id })
      .getOne();
  }

  async create(ctx: RequestContext, input: CreateDatasetDto): Promise<DatasetDto> {
    const [organizationId, domain] = await Promise.all([
      this.organizations.currentId(),
      this.domains.findEntity(input.domain),
    ]);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const dataset = await manager.save(
          manager.create(DatasetEntity, {
            organizationId,
            name: input.name,
            kind: input.kind,
            domainId: domain.id,
            description: input.description ?? '',
          }),
        );
        await this.audit.record(manager, ctx, {
          action: 'dataset.create',
          entityType: 'dataset',
          entityId: dataset.id,
          after: dataset,
        });
        return DatasetDto.from({ ...dataset, domain }, null);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw ApiError.conflict(
          `dataset "${input.name}" already exists`,
          DatasetErrorCode.DATASET_EXISTS,
        );
      }
      throw error;
    }
  }
}
