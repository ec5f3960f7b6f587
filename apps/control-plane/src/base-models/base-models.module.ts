import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BaseModelsController } from './base-models.controller';
import { BaseModelsGrpcController } from './base-models.grpc.controller';
import { BaseModelsService } from './base-models.service';

@Module({
  imports: [AuditModule],
  controllers: [BaseModelsController, BaseModelsGrpcController],
  providers: [BaseModelsService],
  exports: [BaseModelsService],
})
export class BaseModelsModule {}
