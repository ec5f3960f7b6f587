// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type { Model as _alloy_admin_v1_Model, Model__Output as _alloy_admin_v1_Model__Output } from '../../../alloy/admin/v1/Model';

export interface ListModelsResponse {
  'items'?: (_alloy_admin_v1_Model)[];
  'nextCursor'?: (string);
}

export interface ListModelsResponse__Output {
  'items': (_alloy_admin_v1_Model__Output)[];
  'nextCursor': (string);
}
