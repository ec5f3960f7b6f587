import { DomainEntity } from '@alloy/db';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/errors/postgres-errors';
import { DomainErrorCode } from './domains.errors';
import type { CreateDomainDto } from './dto/create-domain.dto';
import { DomainDto } from './dto/domain.dto';

@Injectable()
export class DomainsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<DomainDto[]> {
    const rows = await this.dataSource.getRepository(DomainEntity).find({ order: { name: 'ASC' } });
    return rows.map((row) => DomainDto.from(row));
  }

  async get(name: string): Promise<DomainDto> {
    return DomainDto.from(await this.findEntity(name));
  }

  async findEntity(name: string): Promise<DomainEntity> {
    const domain = await this.dataSource.getRepository(DomainEntity).findOneBy({ name });
    if (!domain) throw ApiError.notFound('domain', name, DomainErrorCode.DOMAIN_NOT_FOUND);
    return domain;
  }

  async create(ctx: RequestContext, input: CreateDomainDto): Promise<DomainDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const domain = await manager.save(
          manager.create(DomainEntity, {
            name: input.name,
            displayName: input.displayName,
            description: input.description ?? '',
          }),
        );
        await this.audit.record(manager, ctx, {
          action: 'domain.create',
          entityType: 'domain',
          entityId: domain.id,
          after: domain,
        });
        return DomainDto.from(domain);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw ApiError.conflict(
          `domain "${input.name}" already exists`,
          DomainErrorCode.DOMAIN_EXISTS,
        );
      }
      throw error;
    }
  }
}
