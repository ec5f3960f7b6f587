import type { Metadata } from '@grpc/grpc-js';
import type {
  CreateModelRequest__Output,
  GetModelRequest__Output,
  ListModelsRequest__Output,
  ListModelsResponse,
  Model,
} from '@alloy/proto';
import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { grpcContext, grpcDto } from '../grpc/grpc-request';
import { modelMessage } from '../grpc/registry-messages';
import { CreateModelDto } from './dto/create-model.dto';
import { ListModelsQuery } from './dto/list-models.query';
import { ModelsService } from './models.service';
import { ForResource } from '../auth/auth.decorators';

@ForResource('models')
@Controller()
export class ModelsGrpcController {
  constructor(private readonly models: ModelsService) {}

  @GrpcMethod('RegistryService', 'ListModels')
  async listModels(request: ListModelsRequest__Output): Promise<ListModelsResponse> {
    const page = await this.models.list(grpcDto(ListModelsQuery, request));
    return { items: page.items.map(modelMessage), nextCursor: page.nextCursor ?? '' };
  }

  @GrpcMethod('RegistryService', 'GetModel')
  async getModel(request: GetModelRequest__Output): Promise<Model> {
    return modelMessage(await this.models.get(request.name));
  }

  @GrpcMethod('RegistryService', 'CreateModel')
  async createModel(request: CreateModelRequest__Output, metadata: Metadata): Promise<Model> {
    return modelMessage(
      await this.models.create(grpcContext(metadata), grpcDto(CreateModelDto, request)),
    );
  }
}
