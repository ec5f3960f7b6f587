import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ModelsModule } from '../models/models.module';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';
import { PromotionGateService } from './promotion-gate.service';
import { PromotionGatesController } from './promotion-gates.controller';

/** Evaluations of versions and base models, their comparison, and the promotion gate. */
@Module({
  imports: [AuditModule, ModelsModule],
  controllers: [EvaluationsController, PromotionGatesController],
  providers: [EvaluationsService, PromotionGateService],
  exports: [PromotionGateService],
})
export class EvaluationsModule {}
