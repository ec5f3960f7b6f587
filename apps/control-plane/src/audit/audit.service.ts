import { AuditLogEntity } from '@alloy/db';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { currentOrganizationId } from '../auth/auth-context';
import type { RequestContext } from '../common/context/request-context';
import { paginate } from '../common/pagination/cursor-page';
import { AuditEntryDto, type AuditPageDto } from './dto/audit-entry.dto';
import type { ListAuditLogQuery } from './dto/list-audit-log.query';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

/** Snapshot of an entity for the audit log: plain JSON, no relations or class instances. */
function snapshot(value: object | null | undefined): Record<string, unknown> | null {
  return value ? (JSON.parse(JSON.stringify(value)) as Record<string, unknown>) : null;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes through the caller's transaction so the change and its audit row commit together. */
  async record(manager: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    const row = Object.assign(new AuditLogEntity(), {
      actor: ctx.actor,
      organizationId: ctx.organizationId,
      requestId: ctx.requestId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
    });
    await manager.save(row);
  }

  async list(query: ListAuditLogQuery): Promise<AuditPageDto> {
    const qb = this.dataSource
      .getRepository(AuditLogEntity)
      .createQueryBuilder('a')
      .where('a.organization_id = :org', { org: currentOrganizationId() });
    if (query.entityType) qb.andWhere('a.entity_type = :t', { t: query.entityType });
    if (query.entityId) qb.andWhere('a.entity_id = :i', { i: query.entityId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    const page = await paginate(qb, query, {
      createdAt: { sql: 'a.created_at', value: (a) => a.createdAt.toISOString() },
    });
    return { items: page.items.map((a) => AuditEntryDto.from(a)), nextCursor: page.nextCursor };
  }
}
