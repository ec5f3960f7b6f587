import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DomainsController } from './domains.controller';
import { DomainsGrpcController } from './domains.grpc.controller';
import { DomainsService } from './domains.service';

@Module({
  imports: [AuditModule],
  controllers: [DomainsController, DomainsGrpcController],
  providers: [DomainsService],
  exports: [DomainsService],
})
export class DomainsModule {}
