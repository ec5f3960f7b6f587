import type { Metadata } from '@grpc/grpc-js';
import type {
  CreateDomainRequest__Output,
  Domain,
  GetDomainRequest__Output,
  ListDomainsResponse,
} from '@alloy/proto';
import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { grpcContext, grpcDto } from '../grpc/grpc-request';
import { domainMessage } from '../grpc/registry-messages';
import { DomainsService } from './domains.service';
import { CreateDomainDto } from './dto/create-domain.dto';
import { ForResource } from '../auth/auth.decorators';

@ForResource('domains')
@Controller()
export class DomainsGrpcController {
  constructor(private readonly domains: DomainsService) {}

  @GrpcMethod('RegistryService', 'ListDomains')
  async listDomains(): Promise<ListDomainsResponse> {
    return { items: (await this.domains.list()).map(domainMessage) };
  }

  @GrpcMethod('RegistryService', 'GetDomain')
  async getDomain(request: GetDomainRequest__Output): Promise<Domain> {
    return domainMessage(await this.domains.get(request.name));
  }

  @GrpcMethod('RegistryService', 'CreateDomain')
  async createDomain(request: CreateDomainRequest__Output, metadata: Metadata): Promise<Domain> {
    return domainMessage(
      await this.domains.create(grpcContext(metadata), grpcDto(CreateDomainDto, request)),
    );
  }
}
