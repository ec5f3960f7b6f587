import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Alias as _alloy_admin_v1_Alias, Alias__Output as _alloy_admin_v1_Alias__Output } from './alloy/admin/v1/Alias';
import type { ArchiveModelVersionRequest as _alloy_admin_v1_ArchiveModelVersionRequest, ArchiveModelVersionRequest__Output as _alloy_admin_v1_ArchiveModelVersionRequest__Output } from './alloy/admin/v1/ArchiveModelVersionRequest';
import type { ArtifactFile as _alloy_admin_v1_ArtifactFile, ArtifactFile__Output as _alloy_admin_v1_ArtifactFile__Output } from './alloy/admin/v1/ArtifactFile';
import type { BaseModel as _alloy_admin_v1_BaseModel, BaseModel__Output as _alloy_admin_v1_BaseModel__Output } from './alloy/admin/v1/BaseModel';
import type { CreateDomainRequest as _alloy_admin_v1_CreateDomainRequest, CreateDomainRequest__Output as _alloy_admin_v1_CreateDomainRequest__Output } from './alloy/admin/v1/CreateDomainRequest';
import type { CreateModelRequest as _alloy_admin_v1_CreateModelRequest, CreateModelRequest__Output as _alloy_admin_v1_CreateModelRequest__Output } from './alloy/admin/v1/CreateModelRequest';
import type { Domain as _alloy_admin_v1_Domain, Domain__Output as _alloy_admin_v1_Domain__Output } from './alloy/admin/v1/Domain';
import type { GetBaseModelRequest as _alloy_admin_v1_GetBaseModelRequest, GetBaseModelRequest__Output as _alloy_admin_v1_GetBaseModelRequest__Output } from './alloy/admin/v1/GetBaseModelRequest';
import type { GetDomainRequest as _alloy_admin_v1_GetDomainRequest, GetDomainRequest__Output as _alloy_admin_v1_GetDomainRequest__Output } from './alloy/admin/v1/GetDomainRequest';
import type { GetLineageRequest as _alloy_admin_v1_GetLineageRequest, GetLineageRequest__Output as _alloy_admin_v1_GetLineageRequest__Output } from './alloy/admin/v1/GetLineageRequest';
import type { GetModelRequest as _alloy_admin_v1_GetModelRequest, GetModelRequest__Output as _alloy_admin_v1_GetModelRequest__Output } from './alloy/admin/v1/GetModelRequest';
import type { GetModelVersionRequest as _alloy_admin_v1_GetModelVersionRequest, GetModelVersionRequest__Output as _alloy_admin_v1_GetModelVersionRequest__Output } from './alloy/admin/v1/GetModelVersionRequest';
import type { Lineage as _alloy_admin_v1_Lineage, Lineage__Output as _alloy_admin_v1_Lineage__Output } from './alloy/admin/v1/Lineage';
import type { LineageNode as _alloy_admin_v1_LineageNode, LineageNode__Output as _alloy_admin_v1_LineageNode__Output } from './alloy/admin/v1/LineageNode';
import type { ListBaseModelsRequest as _alloy_admin_v1_ListBaseModelsRequest, ListBaseModelsRequest__Output as _alloy_admin_v1_ListBaseModelsRequest__Output } from './alloy/admin/v1/ListBaseModelsRequest';
import type { ListBaseModelsResponse as _alloy_admin_v1_ListBaseModelsResponse, ListBaseModelsResponse__Output as _alloy_admin_v1_ListBaseModelsResponse__Output } from './alloy/admin/v1/ListBaseModelsResponse';
import type { ListDomainsRequest as _alloy_admin_v1_ListDomainsRequest, ListDomainsRequest__Output as _alloy_admin_v1_ListDomainsRequest__Output } from './alloy/admin/v1/ListDomainsRequest';
import type { ListDomainsResponse as _alloy_admin_v1_ListDomainsResponse, ListDomainsResponse__Output as _alloy_admin_v1_ListDomainsResponse__Output } from './alloy/admin/v1/ListDomainsResponse';
import type { ListModelVersionsRequest as _alloy_admin_v1_ListModelVersionsRequest, ListModelVersionsRequest__Output as _alloy_admin_v1_ListModelVersionsRequest__Output } from './alloy/admin/v1/ListModelVersionsRequest';
import type { ListModelVersionsResponse as _alloy_admin_v1_ListModelVersionsResponse, ListModelVersionsResponse__Output as _alloy_admin_v1_ListModelVersionsResponse__Output } from './alloy/admin/v1/ListModelVersionsResponse';
import type { ListModelsRequest as _alloy_admin_v1_ListModelsRequest, ListModelsRequest__Output as _alloy_admin_v1_ListModelsRequest__Output } from './alloy/admin/v1/ListModelsRequest';
import type { ListModelsResponse as _alloy_admin_v1_ListModelsResponse, ListModelsResponse__Output as _alloy_admin_v1_ListModelsResponse__Output } from './alloy/admin/v1/ListModelsResponse';
import type { Metric as _alloy_admin_v1_Metric, Metric__Output as _alloy_admin_v1_Metric__Output } from './alloy/admin/v1/Metric';
import type { Model as _alloy_admin_v1_Model, Model__Output as _alloy_admin_v1_Model__Output } from './alloy/admin/v1/Model';
import type { ModelVersion as _alloy_admin_v1_ModelVersion, ModelVersion__Output as _alloy_admin_v1_ModelVersion__Output } from './alloy/admin/v1/ModelVersion';
import type { RegisterBaseModelRequest as _alloy_admin_v1_RegisterBaseModelRequest, RegisterBaseModelRequest__Output as _alloy_admin_v1_RegisterBaseModelRequest__Output } from './alloy/admin/v1/RegisterBaseModelRequest';
import type { RegisterModelVersionRequest as _alloy_admin_v1_RegisterModelVersionRequest, RegisterModelVersionRequest__Output as _alloy_admin_v1_RegisterModelVersionRequest__Output } from './alloy/admin/v1/RegisterModelVersionRequest';
import type { RegistryServiceClient as _alloy_admin_v1_RegistryServiceClient, RegistryServiceDefinition as _alloy_admin_v1_RegistryServiceDefinition } from './alloy/admin/v1/RegistryService';
import type { SetAliasRequest as _alloy_admin_v1_SetAliasRequest, SetAliasRequest__Output as _alloy_admin_v1_SetAliasRequest__Output } from './alloy/admin/v1/SetAliasRequest';
import type { TokenizerInfo as _alloy_admin_v1_TokenizerInfo, TokenizerInfo__Output as _alloy_admin_v1_TokenizerInfo__Output } from './alloy/admin/v1/TokenizerInfo';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  alloy: {
    admin: {
      v1: {
        Alias: MessageTypeDefinition<_alloy_admin_v1_Alias, _alloy_admin_v1_Alias__Output>
        ArchiveModelVersionRequest: MessageTypeDefinition<_alloy_admin_v1_ArchiveModelVersionRequest, _alloy_admin_v1_ArchiveModelVersionRequest__Output>
        ArtifactFile: MessageTypeDefinition<_alloy_admin_v1_ArtifactFile, _alloy_admin_v1_ArtifactFile__Output>
        BaseModel: MessageTypeDefinition<_alloy_admin_v1_BaseModel, _alloy_admin_v1_BaseModel__Output>
        CreateDomainRequest: MessageTypeDefinition<_alloy_admin_v1_CreateDomainRequest, _alloy_admin_v1_CreateDomainRequest__Output>
        CreateModelRequest: MessageTypeDefinition<_alloy_admin_v1_CreateModelRequest, _alloy_admin_v1_CreateModelRequest__Output>
        Domain: MessageTypeDefinition<_alloy_admin_v1_Domain, _alloy_admin_v1_Domain__Output>
        GetBaseModelRequest: MessageTypeDefinition<_alloy_admin_v1_GetBaseModelRequest, _alloy_admin_v1_GetBaseModelRequest__Output>
        GetDomainRequest: MessageTypeDefinition<_alloy_admin_v1_GetDomainRequest, _alloy_admin_v1_GetDomainRequest__Output>
        GetLineageRequest: MessageTypeDefinition<_alloy_admin_v1_GetLineageRequest, _alloy_admin_v1_GetLineageRequest__Output>
        GetModelRequest: MessageTypeDefinition<_alloy_admin_v1_GetModelRequest, _alloy_admin_v1_GetModelRequest__Output>
        GetModelVersionRequest: MessageTypeDefinition<_alloy_admin_v1_GetModelVersionRequest, _alloy_admin_v1_GetModelVersionRequest__Output>
        Lineage: MessageTypeDefinition<_alloy_admin_v1_Lineage, _alloy_admin_v1_Lineage__Output>
        LineageNode: MessageTypeDefinition<_alloy_admin_v1_LineageNode, _alloy_admin_v1_LineageNode__Output>
        ListBaseModelsRequest: MessageTypeDefinition<_alloy_admin_v1_ListBaseModelsRequest, _alloy_admin_v1_ListBaseModelsRequest__Output>
        ListBaseModelsResponse: MessageTypeDefinition<_alloy_admin_v1_ListBaseModelsResponse, _alloy_admin_v1_ListBaseModelsResponse__Output>
        ListDomainsRequest: MessageTypeDefinition<_alloy_admin_v1_ListDomainsRequest, _alloy_admin_v1_ListDomainsRequest__Output>
        ListDomainsResponse: MessageTypeDefinition<_alloy_admin_v1_ListDomainsResponse, _alloy_admin_v1_ListDomainsResponse__Output>
        ListModelVersionsRequest: MessageTypeDefinition<_alloy_admin_v1_ListModelVersionsRequest, _alloy_admin_v1_ListModelVersionsRequest__Output>
        ListModelVersionsResponse: MessageTypeDefinition<_alloy_admin_v1_ListModelVersionsResponse, _alloy_admin_v1_ListModelVersionsResponse__Output>
        ListModelsRequest: MessageTypeDefinition<_alloy_admin_v1_ListModelsRequest, _alloy_admin_v1_ListModelsRequest__Output>
        ListModelsResponse: MessageTypeDefinition<_alloy_admin_v1_ListModelsResponse, _alloy_admin_v1_ListModelsResponse__Output>
        Metric: MessageTypeDefinition<_alloy_admin_v1_Metric, _alloy_admin_v1_Metric__Output>
        Model: MessageTypeDefinition<_alloy_admin_v1_Model, _alloy_admin_v1_Model__Output>
        ModelVersion: MessageTypeDefinition<_alloy_admin_v1_ModelVersion, _alloy_admin_v1_ModelVersion__Output>
        RegisterBaseModelRequest: MessageTypeDefinition<_alloy_admin_v1_RegisterBaseModelRequest, _alloy_admin_v1_RegisterBaseModelRequest__Output>
        RegisterModelVersionRequest: MessageTypeDefinition<_alloy_admin_v1_RegisterModelVersionRequest, _alloy_admin_v1_RegisterModelVersionRequest__Output>
        RegistryService: SubtypeConstructor<typeof grpc.Client, _alloy_admin_v1_RegistryServiceClient> & { service: _alloy_admin_v1_RegistryServiceDefinition }
        SetAliasRequest: MessageTypeDefinition<_alloy_admin_v1_SetAliasRequest, _alloy_admin_v1_SetAliasRequest__Output>
        TokenizerInfo: MessageTypeDefinition<_alloy_admin_v1_TokenizerInfo, _alloy_admin_v1_TokenizerInfo__Output>
      }
    }
  }
}

