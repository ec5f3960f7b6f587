import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from './audit.service';
import { AuditPageDto } from './dto/audit-entry.dto';
import { ListAuditLogQuery } from './dto/list-audit-log.query';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('audit')
@ForResource('audit')
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Read the audit log, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: ListAuditLogQuery): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
