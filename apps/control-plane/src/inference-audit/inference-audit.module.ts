import { Module } from '@nestjs/common';
import { InferenceAuditController } from './inference-audit.controller';
import { InferenceAuditRetention } from './inference-audit-retention';
import { InferenceAuditService } from './inference-audit.service';

@Module({
  controllers: [InferenceAuditController],
  providers: [InferenceAuditService, InferenceAuditRetention],
})
export class InferenceAuditModule {}
