import type { Metadata } from '@grpc/grpc-js';
import type {
  BaseModel,
  GetBaseModelRequest__Output,
  ListBaseModelsResponse,
  RegisterBaseModelRequest__Output,
} from '@alloy/proto';
import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { grpcContext, grpcDto } from '../grpc/grpc-request';
import { baseModelMessage } from '../grpc/registry-messages';
import { BaseModelsService } from './base-models.service';
import { RegisterBaseModelDto } from './dto/register-base-model.dto';
import { ForResource } from '../auth/auth.decorators';

@ForResource('base-models')
@Controller()
export class BaseModelsGrpcController {
  constructor(private readonly baseModels: BaseModelsService) {}

  @GrpcMethod('RegistryService', 'ListBaseModels')
  async listBaseModels(): Promise<ListBaseModelsResponse> {
    return { items: (await this.baseModels.list()).map(baseModelMessage) };
  }

  @GrpcMethod('RegistryService', 'GetBaseModel')
  async getBaseModel(request: GetBaseModelRequest__Output): Promise<BaseModel> {
    return baseModelMessage(await this.baseModels.get(request.name));
  }

  @GrpcMethod('RegistryService', 'RegisterBaseModel')
  async registerBaseModel(
    request: RegisterBaseModelRequest__Output,
    metadata: Metadata,
  ): Promise<BaseModel> {
    return baseModelMessage(
      await this.baseModels.register(grpcContext(metadata), grpcDto(RegisterBaseModelDto, request)),
    );
  }
}
