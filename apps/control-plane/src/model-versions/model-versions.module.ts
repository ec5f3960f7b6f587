import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { ModelsModule } from '../models/models.module';
import { AliasesController } from './aliases.controller';
import { AliasesService } from './aliases.service';
import { LineageService } from './lineage.service';
import { ModelVersionsController } from './model-versions.controller';
import { ModelVersionsGrpcController } from './model-versions.grpc.controller';
import { ModelVersionsService } from './model-versions.service';

@Module({
  imports: [AuditModule, ModelsModule, EvaluationsModule],
  controllers: [ModelVersionsController, AliasesController, ModelVersionsGrpcController],
  providers: [ModelVersionsService, LineageService, AliasesService],
  exports: [ModelVersionsService, LineageService, AliasesService],
})
export class ModelVersionsModule {}
