import { InferenceAuditEntity } from '@alloy/db';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { paginate } from '../common/pagination/cursor-page';
import { OrganizationsService } from '../organizations/organizations.service';
import {
  InferenceAuditEntryDto,
  type InferenceAuditPageDto,
} from './dto/inference-audit-entry.dto';
import type { ListInferenceAuditQuery } from './dto/list-inference-audit.query';

/** Reads the inference audit the model servers write, within the caller's organisation. */
@Injectable()
export class InferenceAuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
  ) {}

  async list(query: ListInferenceAuditQuery): Promise<InferenceAuditPageDto> {
    const qb = this.dataSource
      .getRepository(InferenceAuditEntity)
      .createQueryBuilder('a')
      .where('a.organization_id = :org', { org: await this.organizations.currentId() });
    if (query.model) qb.andWhere('a.model = :model', { model: query.model });
    if (query.apiKeyId) qb.andWhere('a.credential_id = :key', { key: query.apiKeyId });
    if (query.since) qb.andWhere('a.created_at >= :since', { since: new Date(query.since) });
    const page = await paginate(qb, query, {
      createdAt: { sql: 'a.created_at', value: (a) => a.createdAt.toISOString() },
    });
    return {
      items: page.items.map((a) => InferenceAuditEntryDto.from(a)),
      nextCursor: page.nextCursor,
    };
  }
}
