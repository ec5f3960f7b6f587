import { DEFAULT_ORGANIZATION, OrganizationEntity } from '@alloy/db';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Resolves the organization a request acts for. Until API keys bind requests to one, it is the default. */
@Injectable()
export class OrganizationsService {
  private defaultId: string | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async currentId(): Promise<string> {
    if (this.defaultId) return this.defaultId;
    const org = await this.dataSource
      .getRepository(OrganizationEntity)
      .findOneByOrFail({ name: DEFAULT_ORGANIZATION.name });
    this.defaultId = org.id;
    return org.id;
  }
}
