import { OrganizationEntity } from '@alloy/db';
import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Ctx, type RequestContext } from '../common/context/request-context';
import type { AuthContext } from './auth-context';
import { Auth, ForResource } from './auth.decorators';
import { OrganizationSettingsDto, UpdateOrganizationSettingsDto } from './dto/auth.dto';
import { organizationDto } from './users.service';

const settingsDto = (o: OrganizationEntity): OrganizationSettingsDto => ({
  ...organizationDto(o),
  inferenceContentLogging: o.inferenceContentLogging,
});

/** The acting organisation's own settings, for its admins. */
@ApiTags('organizations')
@ForResource('organization-settings')
@Controller('organization')
export class OrganizationSettingsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The organisation's settings" })
  @ApiOkResponse({ type: OrganizationSettingsDto })
  async get(@Auth() auth: AuthContext): Promise<OrganizationSettingsDto> {
    return settingsDto(
      await this.dataSource
        .getRepository(OrganizationEntity)
        .findOneByOrFail({ id: auth.organizationId }),
    );
  }

  @Patch()
  @ApiOperation({
    summary: "Change the organisation's display name, or whether inference content is recorded",
  })
  @ApiOkResponse({ type: OrganizationSettingsDto })
  update(
    @Auth() auth: AuthContext,
    @Ctx() ctx: RequestContext,
    @Body() body: UpdateOrganizationSettingsDto,
  ): Promise<OrganizationSettingsDto> {
    return this.dataSource.transaction(async (manager) => {
      const org = await manager.findOneOrFail(OrganizationEntity, {
        where: { id: auth.organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      const before = settingsDto(org);
      if (body.displayName !== undefined) org.displayName = body.displayName;
      if (body.inferenceContentLogging !== undefined)
        org.inferenceContentLogging = body.inferenceContentLogging;
      await manager.save(org);
      await this.audit.record(manager, ctx, {
        action: 'organization.update',
        entityType: 'organization',
        entityId: org.id,
        before,
        after: settingsDto(org),
      });
      return settingsDto(org);
    });
  }
}
