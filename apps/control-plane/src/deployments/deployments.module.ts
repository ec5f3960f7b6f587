import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ModelVersionsModule } from '../model-versions/model-versions.module';
import { ModelsModule } from '../models/models.module';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';

@Module({
  imports: [AuditModule, ModelsModule, ModelVersionsModule],
  controllers: [DeploymentsController],
  providers: [DeploymentsService],
  exports: [DeploymentsService],
})
export class DeploymentsModule {}
