// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Alias as _alloy_admin_v1_Alias, Alias__Output as _alloy_admin_v1_Alias__Output } from '../../../alloy/admin/v1/Alias';
import type { ArchiveModelVersionRequest as _alloy_admin_v1_ArchiveModelVersionRequest, ArchiveModelVersionRequest__Output as _alloy_admin_v1_ArchiveModelVersionRequest__Output } from '../../../alloy/admin/v1/ArchiveModelVersionRequest';
import type { BaseModel as _alloy_admin_v1_BaseModel, BaseModel__Output as _alloy_admin_v1_BaseModel__Output } from '../../../alloy/admin/v1/BaseModel';
import type { CreateDomainRequest as _alloy_admin_v1_CreateDomainRequest, CreateDomainRequest__Output as _alloy_admin_v1_CreateDomainRequest__Output } from '../../../alloy/admin/v1/CreateDomainRequest';
import type { CreateModelRequest as _alloy_admin_v1_CreateModelRequest, CreateModelRequest__Output as _alloy_admin_v1_CreateModelRequest__Output } from '../../../alloy/admin/v1/CreateModelRequest';
import type { Domain as _alloy_admin_v1_Domain, Domain__Output as _alloy_admin_v1_Domain__Output } from '../../../alloy/admin/v1/Domain';
import type { GetBaseModelRequest as _alloy_admin_v1_GetBaseModelRequest, GetBaseModelRequest__Output as _alloy_admin_v1_GetBaseModelRequest__Output } from '../../../alloy/admin/v1/GetBaseModelRequest';
import type { GetDomainRequest as _alloy_admin_v1_GetDomainRequest, GetDomainRequest__Output as _alloy_admin_v1_GetDomainRequest__Output } from '../../../alloy/admin/v1/GetDomainRequest';
import type { GetLineageRequest as _alloy_admin_v1_GetLineageRequest, GetLineageRequest__Output as _alloy_admin_v1_GetLineageRequest__Output } from '../../../alloy/admin/v1/GetLineageRequest';
import type { GetModelRequest as _alloy_admin_v1_GetModelRequest, GetModelRequest__Output as _alloy_admin_v1_GetModelRequest__Output } from '../../../alloy/admin/v1/GetModelRequest';
import type { GetModelVersionRequest as _alloy_admin_v1_GetModelVersionRequest, GetModelVersionRequest__Output as _alloy_admin_v1_GetModelVersionRequest__Output } from '../../../alloy/admin/v1/GetModelVersionRequest';
import type { Lineage as _alloy_admin_v1_Lineage, Lineage__Output as _alloy_admin_v1_Lineage__Output } from '../../../alloy/admin/v1/Lineage';
import type { ListBaseModelsRequest as _alloy_admin_v1_ListBaseModelsRequest, ListBaseModelsRequest__Output as _alloy_admin_v1_ListBaseModelsRequest__Output } from '../../../alloy/admin/v1/ListBaseModelsRequest';
import type { ListBaseModelsResponse as _alloy_admin_v1_ListBaseModelsResponse, ListBaseModelsResponse__Output as _alloy_admin_v1_ListBaseModelsResponse__Output } from '../../../alloy/admin/v1/ListBaseModelsResponse';
import type { ListDomainsRequest as _alloy_admin_v1_ListDomainsRequest, ListDomainsRequest__Output as _alloy_admin_v1_ListDomainsRequest__Output } from '../../../alloy/admin/v1/ListDomainsRequest';
import type { ListDomainsResponse as _alloy_admin_v1_ListDomainsResponse, ListDomainsResponse__Output as _alloy_admin_v1_ListDomainsResponse__Output } from '../../../alloy/admin/v1/ListDomainsResponse';
import type { ListModelVersionsRequest as _alloy_admin_v1_ListModelVersionsRequest, ListModelVersionsRequest__Output as _alloy_admin_v1_ListModelVersionsRequest__Output } from '../../../alloy/admin/v1/ListModelVersionsRequest';
import type { ListModelVersionsResponse as _alloy_admin_v1_ListModelVersionsResponse, ListModelVersionsResponse__Output as _alloy_admin_v1_ListModelVersionsResponse__Output } from '../../../alloy/admin/v1/ListModelVersionsResponse';
import type { ListModelsRequest as _alloy_admin_v1_ListModelsRequest, ListModelsRequest__Output as _alloy_admin_v1_ListModelsRequest__Output } from '../../../alloy/admin/v1/ListModelsRequest';
import type { ListModelsResponse as _alloy_admin_v1_ListModelsResponse, ListModelsResponse__Output as _alloy_admin_v1_ListModelsResponse__Output } from '../../../alloy/admin/v1/ListModelsResponse';
import type { Model as _alloy_admin_v1_Model, Model__Output as _alloy_admin_v1_Model__Output } from '../../../alloy/admin/v1/Model';
import type { ModelVersion as _alloy_admin_v1_ModelVersion, ModelVersion__Output as _alloy_admin_v1_ModelVersion__Output } from '../../../alloy/admin/v1/ModelVersion';
import type { RegisterBaseModelRequest as _alloy_admin_v1_RegisterBaseModelRequest, RegisterBaseModelRequest__Output as _alloy_admin_v1_RegisterBaseModelRequest__Output } from '../../../alloy/admin/v1/RegisterBaseModelRequest';
import type { RegisterModelVersionRequest as _alloy_admin_v1_RegisterModelVersionRequest, RegisterModelVersionRequest__Output as _alloy_admin_v1_RegisterModelVersionRequest__Output } from '../../../alloy/admin/v1/RegisterModelVersionRequest';
import type { SetAliasRequest as _alloy_admin_v1_SetAliasRequest, SetAliasRequest__Output as _alloy_admin_v1_SetAliasRequest__Output } from '../../../alloy/admin/v1/SetAliasRequest';

export interface RegistryServiceClient extends grpc.Client {
  ArchiveModelVersion(argument: _alloy_admin_v1_ArchiveModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  ArchiveModelVersion(argument: _alloy_admin_v1_ArchiveModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  ArchiveModelVersion(argument: _alloy_admin_v1_ArchiveModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  ArchiveModelVersion(argument: _alloy_admin_v1_ArchiveModelVersionRequest, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  archiveModelVersion(argument: _alloy_admin_v1_ArchiveModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  archiveModelVersion(argument: _alloy_admin_v1_ArchiveModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  archiveModelVersion(argument: _alloy_admin_v1_ArchiveModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  archiveModelVersion(argument: _alloy_admin_v1_ArchiveModelVersionRequest, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  
  CreateDomain(argument: _alloy_admin_v1_CreateDomainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  CreateDomain(argument: _alloy_admin_v1_CreateDomainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  CreateDomain(argument: _alloy_admin_v1_CreateDomainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  CreateDomain(argument: _alloy_admin_v1_CreateDomainRequest, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  createDomain(argument: _alloy_admin_v1_CreateDomainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  createDomain(argument: _alloy_admin_v1_CreateDomainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  createDomain(argument: _alloy_admin_v1_CreateDomainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  createDomain(argument: _alloy_admin_v1_CreateDomainRequest, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  
  CreateModel(argument: _alloy_admin_v1_CreateModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  CreateModel(argument: _alloy_admin_v1_CreateModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  CreateModel(argument: _alloy_admin_v1_CreateModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  CreateModel(argument: _alloy_admin_v1_CreateModelRequest, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  createModel(argument: _alloy_admin_v1_CreateModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  createModel(argument: _alloy_admin_v1_CreateModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  createModel(argument: _alloy_admin_v1_CreateModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  createModel(argument: _alloy_admin_v1_CreateModelRequest, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  
  GetBaseModel(argument: _alloy_admin_v1_GetBaseModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  GetBaseModel(argument: _alloy_admin_v1_GetBaseModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  GetBaseModel(argument: _alloy_admin_v1_GetBaseModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  GetBaseModel(argument: _alloy_admin_v1_GetBaseModelRequest, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  getBaseModel(argument: _alloy_admin_v1_GetBaseModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  getBaseModel(argument: _alloy_admin_v1_GetBaseModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  getBaseModel(argument: _alloy_admin_v1_GetBaseModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  getBaseModel(argument: _alloy_admin_v1_GetBaseModelRequest, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  
  GetDomain(argument: _alloy_admin_v1_GetDomainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  GetDomain(argument: _alloy_admin_v1_GetDomainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  GetDomain(argument: _alloy_admin_v1_GetDomainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  GetDomain(argument: _alloy_admin_v1_GetDomainRequest, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  getDomain(argument: _alloy_admin_v1_GetDomainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  getDomain(argument: _alloy_admin_v1_GetDomainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  getDomain(argument: _alloy_admin_v1_GetDomainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  getDomain(argument: _alloy_admin_v1_GetDomainRequest, callback: grpc.requestCallback<_alloy_admin_v1_Domain__Output>): grpc.ClientUnaryCall;
  
  GetLineage(argument: _alloy_admin_v1_GetLineageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Lineage__Output>): grpc.ClientUnaryCall;
  GetLineage(argument: _alloy_admin_v1_GetLineageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Lineage__Output>): grpc.ClientUnaryCall;
  GetLineage(argument: _alloy_admin_v1_GetLineageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Lineage__Output>): grpc.ClientUnaryCall;
  GetLineage(argument: _alloy_admin_v1_GetLineageRequest, callback: grpc.requestCallback<_alloy_admin_v1_Lineage__Output>): grpc.ClientUnaryCall;
  getLineage(argument: _alloy_admin_v1_GetLineageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Lineage__Output>): grpc.ClientUnaryCall;
  getLineage(argument: _alloy_admin_v1_GetLineageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Lineage__Output>): grpc.ClientUnaryCall;
  getLineage(argument: _alloy_admin_v1_GetLineageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Lineage__Output>): grpc.ClientUnaryCall;
  getLineage(argument: _alloy_admin_v1_GetLineageRequest, callback: grpc.requestCallback<_alloy_admin_v1_Lineage__Output>): grpc.ClientUnaryCall;
  
  GetModel(argument: _alloy_admin_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  GetModel(argument: _alloy_admin_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  GetModel(argument: _alloy_admin_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  GetModel(argument: _alloy_admin_v1_GetModelRequest, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  getModel(argument: _alloy_admin_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  getModel(argument: _alloy_admin_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  getModel(argument: _alloy_admin_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  getModel(argument: _alloy_admin_v1_GetModelRequest, callback: grpc.requestCallback<_alloy_admin_v1_Model__Output>): grpc.ClientUnaryCall;
  
  GetModelVersion(argument: _alloy_admin_v1_GetModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  GetModelVersion(argument: _alloy_admin_v1_GetModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  GetModelVersion(argument: _alloy_admin_v1_GetModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  GetModelVersion(argument: _alloy_admin_v1_GetModelVersionRequest, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  getModelVersion(argument: _alloy_admin_v1_GetModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  getModelVersion(argument: _alloy_admin_v1_GetModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  getModelVersion(argument: _alloy_admin_v1_GetModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  getModelVersion(argument: _alloy_admin_v1_GetModelVersionRequest, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  
  ListBaseModels(argument: _alloy_admin_v1_ListBaseModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListBaseModelsResponse__Output>): grpc.ClientUnaryCall;
  ListBaseModels(argument: _alloy_admin_v1_ListBaseModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ListBaseModelsResponse__Output>): grpc.ClientUnaryCall;
  ListBaseModels(argument: _alloy_admin_v1_ListBaseModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListBaseModelsResponse__Output>): grpc.ClientUnaryCall;
  ListBaseModels(argument: _alloy_admin_v1_ListBaseModelsRequest, callback: grpc.requestCallback<_alloy_admin_v1_ListBaseModelsResponse__Output>): grpc.ClientUnaryCall;
  listBaseModels(argument: _alloy_admin_v1_ListBaseModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListBaseModelsResponse__Output>): grpc.ClientUnaryCall;
  listBaseModels(argument: _alloy_admin_v1_ListBaseModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ListBaseModelsResponse__Output>): grpc.ClientUnaryCall;
  listBaseModels(argument: _alloy_admin_v1_ListBaseModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListBaseModelsResponse__Output>): grpc.ClientUnaryCall;
  listBaseModels(argument: _alloy_admin_v1_ListBaseModelsRequest, callback: grpc.requestCallback<_alloy_admin_v1_ListBaseModelsResponse__Output>): grpc.ClientUnaryCall;
  
  ListDomains(argument: _alloy_admin_v1_ListDomainsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListDomainsResponse__Output>): grpc.ClientUnaryCall;
  ListDomains(argument: _alloy_admin_v1_ListDomainsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ListDomainsResponse__Output>): grpc.ClientUnaryCall;
  ListDomains(argument: _alloy_admin_v1_ListDomainsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListDomainsResponse__Output>): grpc.ClientUnaryCall;
  ListDomains(argument: _alloy_admin_v1_ListDomainsRequest, callback: grpc.requestCallback<_alloy_admin_v1_ListDomainsResponse__Output>): grpc.ClientUnaryCall;
  listDomains(argument: _alloy_admin_v1_ListDomainsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListDomainsResponse__Output>): grpc.ClientUnaryCall;
  listDomains(argument: _alloy_admin_v1_ListDomainsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ListDomainsResponse__Output>): grpc.ClientUnaryCall;
  listDomains(argument: _alloy_admin_v1_ListDomainsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListDomainsResponse__Output>): grpc.ClientUnaryCall;
  listDomains(argument: _alloy_admin_v1_ListDomainsRequest, callback: grpc.requestCallback<_alloy_admin_v1_ListDomainsResponse__Output>): grpc.ClientUnaryCall;
  
  ListModelVersions(argument: _alloy_admin_v1_ListModelVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
  ListModelVersions(argument: _alloy_admin_v1_ListModelVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
  ListModelVersions(argument: _alloy_admin_v1_ListModelVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
  ListModelVersions(argument: _alloy_admin_v1_ListModelVersionsRequest, callback: grpc.requestCallback<_alloy_admin_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
  listModelVersions(argument: _alloy_admin_v1_ListModelVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
  listModelVersions(argument: _alloy_admin_v1_ListModelVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
  listModelVersions(argument: _alloy_admin_v1_ListModelVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
  listModelVersions(argument: _alloy_admin_v1_ListModelVersionsRequest, callback: grpc.requestCallback<_alloy_admin_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
  
  ListModels(argument: _alloy_admin_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _alloy_admin_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _alloy_admin_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _alloy_admin_v1_ListModelsRequest, callback: grpc.requestCallback<_alloy_admin_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _alloy_admin_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _alloy_admin_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _alloy_admin_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _alloy_admin_v1_ListModelsRequest, callback: grpc.requestCallback<_alloy_admin_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  
  RegisterBaseModel(argument: _alloy_admin_v1_RegisterBaseModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  RegisterBaseModel(argument: _alloy_admin_v1_RegisterBaseModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  RegisterBaseModel(argument: _alloy_admin_v1_RegisterBaseModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  RegisterBaseModel(argument: _alloy_admin_v1_RegisterBaseModelRequest, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  registerBaseModel(argument: _alloy_admin_v1_RegisterBaseModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  registerBaseModel(argument: _alloy_admin_v1_RegisterBaseModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  registerBaseModel(argument: _alloy_admin_v1_RegisterBaseModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  registerBaseModel(argument: _alloy_admin_v1_RegisterBaseModelRequest, callback: grpc.requestCallback<_alloy_admin_v1_BaseModel__Output>): grpc.ClientUnaryCall;
  
  RegisterModelVersion(argument: _alloy_admin_v1_RegisterModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  RegisterModelVersion(argument: _alloy_admin_v1_RegisterModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  RegisterModelVersion(argument: _alloy_admin_v1_RegisterModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  RegisterModelVersion(argument: _alloy_admin_v1_RegisterModelVersionRequest, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  registerModelVersion(argument: _alloy_admin_v1_RegisterModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  registerModelVersion(argument: _alloy_admin_v1_RegisterModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  registerModelVersion(argument: _alloy_admin_v1_RegisterModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  registerModelVersion(argument: _alloy_admin_v1_RegisterModelVersionRequest, callback: grpc.requestCallback<_alloy_admin_v1_ModelVersion__Output>): grpc.ClientUnaryCall;
  
  SetAlias(argument: _alloy_admin_v1_SetAliasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Alias__Output>): grpc.ClientUnaryCall;
  SetAlias(argument: _alloy_admin_v1_SetAliasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Alias__Output>): grpc.ClientUnaryCall;
  SetAlias(argument: _alloy_admin_v1_SetAliasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Alias__Output>): grpc.ClientUnaryCall;
  SetAlias(argument: _alloy_admin_v1_SetAliasRequest, callback: grpc.requestCallback<_alloy_admin_v1_Alias__Output>): grpc.ClientUnaryCall;
  setAlias(argument: _alloy_admin_v1_SetAliasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Alias__Output>): grpc.ClientUnaryCall;
  setAlias(argument: _alloy_admin_v1_SetAliasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_admin_v1_Alias__Output>): grpc.ClientUnaryCall;
  setAlias(argument: _alloy_admin_v1_SetAliasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_admin_v1_Alias__Output>): grpc.ClientUnaryCall;
  setAlias(argument: _alloy_admin_v1_SetAliasRequest, callback: grpc.requestCallback<_alloy_admin_v1_Alias__Output>): grpc.ClientUnaryCall;
  
}

export interface RegistryServiceHandlers extends grpc.UntypedServiceImplementation {
  ArchiveModelVersion: grpc.handleUnaryCall<_alloy_admin_v1_ArchiveModelVersionRequest__Output, _alloy_admin_v1_ModelVersion>;
  
  CreateDomain: grpc.handleUnaryCall<_alloy_admin_v1_CreateDomainRequest__Output, _alloy_admin_v1_Domain>;
  
  CreateModel: grpc.handleUnaryCall<_alloy_admin_v1_CreateModelRequest__Output, _alloy_admin_v1_Model>;
  
  GetBaseModel: grpc.handleUnaryCall<_alloy_admin_v1_GetBaseModelRequest__Output, _alloy_admin_v1_BaseModel>;
  
  GetDomain: grpc.handleUnaryCall<_alloy_admin_v1_GetDomainRequest__Output, _alloy_admin_v1_Domain>;
  
  GetLineage: grpc.handleUnaryCall<_alloy_admin_v1_GetLineageRequest__Output, _alloy_admin_v1_Lineage>;
  
  GetModel: grpc.handleUnaryCall<_alloy_admin_v1_GetModelRequest__Output, _alloy_admin_v1_Model>;
  
  GetModelVersion: grpc.handleUnaryCall<_alloy_admin_v1_GetModelVersionRequest__Output, _alloy_admin_v1_ModelVersion>;
  
  ListBaseModels: grpc.handleUnaryCall<_alloy_admin_v1_ListBaseModelsRequest__Output, _alloy_admin_v1_ListBaseModelsResponse>;
  
  ListDomains: grpc.handleUnaryCall<_alloy_admin_v1_ListDomainsRequest__Output, _alloy_admin_v1_ListDomainsResponse>;
  
  ListModelVersions: grpc.handleUnaryCall<_alloy_admin_v1_ListModelVersionsRequest__Output, _alloy_admin_v1_ListModelVersionsResponse>;
  
  ListModels: grpc.handleUnaryCall<_alloy_admin_v1_ListModelsRequest__Output, _alloy_admin_v1_ListModelsResponse>;
  
  RegisterBaseModel: grpc.handleUnaryCall<_alloy_admin_v1_RegisterBaseModelRequest__Output, _alloy_admin_v1_BaseModel>;
  
  RegisterModelVersion: grpc.handleUnaryCall<_alloy_admin_v1_RegisterModelVersionRequest__Output, _alloy_admin_v1_ModelVersion>;
  
  SetAlias: grpc.handleUnaryCall<_alloy_admin_v1_SetAliasRequest__Output, _alloy_admin_v1_Alias>;
  
}

export interface RegistryServiceDefinition extends grpc.ServiceDefinition {
  ArchiveModelVersion: MethodDefinition<_alloy_admin_v1_ArchiveModelVersionRequest, _alloy_admin_v1_ModelVersion, _alloy_admin_v1_ArchiveModelVersionRequest__Output, _alloy_admin_v1_ModelVersion__Output>
  CreateDomain: MethodDefinition<_alloy_admin_v1_CreateDomainRequest, _alloy_admin_v1_Domain, _alloy_admin_v1_CreateDomainRequest__Output, _alloy_admin_v1_Domain__Output>
  CreateModel: MethodDefinition<_alloy_admin_v1_CreateModelRequest, _alloy_admin_v1_Model, _alloy_admin_v1_CreateModelRequest__Output, _alloy_admin_v1_Model__Output>
  GetBaseModel: MethodDefinition<_alloy_admin_v1_GetBaseModelRequest, _alloy_admin_v1_BaseModel, _alloy_admin_v1_GetBaseModelRequest__Output, _alloy_admin_v1_BaseModel__Output>
  GetDomain: MethodDefinition<_alloy_admin_v1_GetDomainRequest, _alloy_admin_v1_Domain, _alloy_admin_v1_GetDomainRequest__Output, _alloy_admin_v1_Domain__Output>
  GetLineage: MethodDefinition<_alloy_admin_v1_GetLineageRequest, _alloy_admin_v1_Lineage, _alloy_admin_v1_GetLineageRequest__Output, _alloy_admin_v1_Lineage__Output>
  GetModel: MethodDefinition<_alloy_admin_v1_GetModelRequest, _alloy_admin_v1_Model, _alloy_admin_v1_GetModelRequest__Output, _alloy_admin_v1_Model__Output>
  GetModelVersion: MethodDefinition<_alloy_admin_v1_GetModelVersionRequest, _alloy_admin_v1_ModelVersion, _alloy_admin_v1_GetModelVersionRequest__Output, _alloy_admin_v1_ModelVersion__Output>
  ListBaseModels: MethodDefinition<_alloy_admin_v1_ListBaseModelsRequest, _alloy_admin_v1_ListBaseModelsResponse, _alloy_admin_v1_ListBaseModelsRequest__Output, _alloy_admin_v1_ListBaseModelsResponse__Output>
  ListDomains: MethodDefinition<_alloy_admin_v1_ListDomainsRequest, _alloy_admin_v1_ListDomainsResponse, _alloy_admin_v1_ListDomainsRequest__Output, _alloy_admin_v1_ListDomainsResponse__Output>
  ListModelVersions: MethodDefinition<_alloy_admin_v1_ListModelVersionsRequest, _alloy_admin_v1_ListModelVersionsResponse, _alloy_admin_v1_ListModelVersionsRequest__Output, _alloy_admin_v1_ListModelVersionsResponse__Output>
  ListModels: MethodDefinition<_alloy_admin_v1_ListModelsRequest, _alloy_admin_v1_ListModelsResponse, _alloy_admin_v1_ListModelsRequest__Output, _alloy_admin_v1_ListModelsResponse__Output>
  RegisterBaseModel: MethodDefinition<_alloy_admin_v1_RegisterBaseModelRequest, _alloy_admin_v1_BaseModel, _alloy_admin_v1_RegisterBaseModelRequest__Output, _alloy_admin_v1_BaseModel__Output>
  RegisterModelVersion: MethodDefinition<_alloy_admin_v1_RegisterModelVersionRequest, _alloy_admin_v1_ModelVersion, _alloy_admin_v1_RegisterModelVersionRequest__Output, _alloy_admin_v1_ModelVersion__Output>
  SetAlias: MethodDefinition<_alloy_admin_v1_SetAliasRequest, _alloy_admin_v1_Alias, _alloy_admin_v1_SetAliasRequest__Output, _alloy_admin_v1_Alias__Output>
}
