import { DEFAULT_ORGANIZATION, OrganizationEntity, UserEntity } from '@alloy/db';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CredentialsService } from './credentials.service';
import { UsersService } from './users.service';

/**
 * The first admin comes from configuration (`BOOTSTRAP_ADMIN_*`) and is created only while the
 * installation has no user at all; later starts leave accounts alone whatever the configuration says.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('bootstrap');

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.bootstrapAdmin;
    if (!admin) return;
    await this.dataSource.transaction(async (manager) => {
      // One control plane creates the admin even when several start at once.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('alloy-bootstrap-admin'))`);
      if ((await manager.count(UserEntity)) > 0) return;
      const org = await manager.findOneByOrFail(OrganizationEntity, {
        name: DEFAULT_ORGANIZATION.name,
      });
      const ctx = { actor: 'system:bootstrap', requestId: null, organizationId: org.id };
      const user = await this.users.insertUser(manager, org.id, {
        email: admin.email,
        role: 'admin',
        displayName: 'Administrator',
        // Without a password the account exists but cannot sign in until one is set.
        password: admin.password ?? '',
      });
      if (!admin.password) await manager.update(UserEntity, user.id, { passwordHash: null });
      await this.audit.record(manager, ctx, {
        action: 'user.bootstrap',
        entityType: 'user',
        entityId: user.id,
        after: { email: user.email, role: 'admin' },
      });
      if (admin.apiKey) {
        const { row } = await this.credentials.insert(manager, {
          kind: 'ak',
          organizationId: org.id,
          name: 'bootstrap admin key',
          role: 'admin',
          createdBy: 'system:bootstrap',
          token: admin.apiKey,
        });
        await this.audit.record(manager, ctx, {
          action: 'api_key.create',
          entityType: 'api_key',
          entityId: row.id,
          after: { name: row.name, role: 'admin' },
        });
      }
      this.logger.log(`created the first admin ${user.email} in organization ${org.name}`);
    });
  }
}
