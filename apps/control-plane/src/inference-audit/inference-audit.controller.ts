import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForResource } from '../auth/auth.decorators';
import { InferenceAuditPageDto } from './dto/inference-audit-entry.dto';
import { ListInferenceAuditQuery } from './dto/list-inference-audit.query';
import { InferenceAuditService } from './inference-audit.service';

@ApiTags('audit')
@ForResource('audit')
@Controller('inference-audit')
export class InferenceAuditController {
  constructor(private readonly audit: InferenceAuditService) {}

  @Get()
  @ApiOperation({
    summary:
      "Read the organisation's inference requests as the model servers recorded them, newest first",
  })
  @ApiOkResponse({ type: InferenceAuditPageDto })
  list(@Query() query: ListInferenceAuditQuery): Promise<InferenceAuditPageDto> {
    return this.audit.list(query);
  }
}
