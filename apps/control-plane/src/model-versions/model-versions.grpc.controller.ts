import type { Metadata } from '@grpc/grpc-js';
import type {
  Alias,
  ArchiveModelVersionRequest__Output,
  GetLineageRequest__Output,
  GetModelVersionRequest__Output,
  Lineage,
  ListModelVersionsRequest__Output,
  ListModelVersionsResponse,
  ModelVersion,
  RegisterModelVersionRequest__Output,
  SetAliasRequest__Output,
} from '@alloy/proto';
import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { ApiError } from '../common/errors/api-error';
import { grpcContext, grpcDto, parseJsonField } from '../grpc/grpc-request';
import {
  aliasMessage,
  lineageMessage,
  metricsFromMessage,
  modelVersionMessage,
} from '../grpc/registry-messages';
import { AliasesService } from './aliases.service';
import { ListModelVersionsQuery } from './dto/list-model-versions.query';
import { RegisterModelVersionDto } from './dto/register-model-version.dto';
import { SetAliasDto } from './dto/set-alias.dto';
import { LineageService } from './lineage.service';
import { ModelVersionsService } from './model-versions.service';
import { ForResource } from '../auth/auth.decorators';

@ForResource('models')
@Controller()
export class ModelVersionsGrpcController {
  constructor(
    private readonly versions: ModelVersionsService,
    private readonly lineageService: LineageService,
    private readonly aliases: AliasesService,
  ) {}

  @GrpcMethod('RegistryService', 'RegisterModelVersion')
  async registerModelVersion(
    request: RegisterModelVersionRequest__Output,
    metadata: Metadata,
  ): Promise<ModelVersion> {
    const { model, hyperparametersJson, metrics, ...rest } = request;
    const dto = grpcDto(RegisterModelVersionDto, rest, {
      hyperparameters: parseJsonField('hyperparametersJson', hyperparametersJson),
      metrics: metricsFromMessage(metrics),
    });
    return modelVersionMessage(await this.versions.register(grpcContext(metadata), model, dto));
  }

  @GrpcMethod('RegistryService', 'GetModelVersion')
  async getModelVersion(request: GetModelVersionRequest__Output): Promise<ModelVersion> {
    if (request.id) return modelVersionMessage(await this.versions.getById(request.id));
    if (!request.model || request.version < 1) {
      throw ApiError.validation([{ field: 'id', message: 'give id, or model and version' }]);
    }
    return modelVersionMessage(await this.versions.getByNumber(request.model, request.version));
  }

  @GrpcMethod('RegistryService', 'ListModelVersions')
  async listModelVersions(
    request: ListModelVersionsRequest__Output,
  ): Promise<ListModelVersionsResponse> {
    const page = await this.versions.list(grpcDto(ListModelVersionsQuery, request));
    return { items: page.items.map(modelVersionMessage), nextCursor: page.nextCursor ?? '' };
  }

  @GrpcMethod('RegistryService', 'GetLineage')
  async getLineage(request: GetLineageRequest__Output): Promise<Lineage> {
    return lineageMessage(await this.lineageService.lineage(request.id));
  }

  @GrpcMethod('RegistryService', 'ArchiveModelVersion')
  async archiveModelVersion(
    request: ArchiveModelVersionRequest__Output,
    metadata: Metadata,
  ): Promise<ModelVersion> {
    return modelVersionMessage(await this.versions.archive(grpcContext(metadata), request.id));
  }

  @GrpcMethod('RegistryService', 'SetAlias')
  async setAlias(request: SetAliasRequest__Output, metadata: Metadata): Promise<Alias> {
    const dto = grpcDto(SetAliasDto, { version: request.version });
    return aliasMessage(
      await this.aliases.set(grpcContext(metadata), request.model, request.alias, dto.version),
    );
  }
}
