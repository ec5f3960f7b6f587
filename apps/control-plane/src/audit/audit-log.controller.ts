import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from './audit.service';
import type { AuditPageDto } from './dto/audit-entry.dto';
import { ListAuditLogQuery } from './dto/list-audit-log.query';

@ApiTags('audit')
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Read the audit log, newest first' })
  list(@Query() query: ListAuditLogQuery): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
