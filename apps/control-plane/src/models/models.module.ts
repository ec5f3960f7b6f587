import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BaseModelsModule } from '../base-models/base-models.module';
import { DomainsModule } from '../domains/domains.module';
import { ModelsController } from './models.controller';
import { ModelsGrpcController } from './models.grpc.controller';
import { ModelsService } from './models.service';

@Module({
  imports: [AuditModule, DomainsModule, BaseModelsModule],
  controllers: [ModelsController, ModelsGrpcController],
  providers: [ModelsService],
  exports: [ModelsService],
})
export class ModelsModule {}
