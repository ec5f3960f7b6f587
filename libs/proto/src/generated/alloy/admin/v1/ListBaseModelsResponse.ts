// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type { BaseModel as _alloy_admin_v1_BaseModel, BaseModel__Output as _alloy_admin_v1_BaseModel__Output } from '../../../alloy/admin/v1/BaseModel';

export interface ListBaseModelsResponse {
  'items'?: (_alloy_admin_v1_BaseModel)[];
}

export interface ListBaseModelsResponse__Output {
  'items': (_alloy_admin_v1_BaseModel__Output)[];
}
