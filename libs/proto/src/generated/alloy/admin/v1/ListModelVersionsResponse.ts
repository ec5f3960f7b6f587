// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type { ModelVersion as _alloy_admin_v1_ModelVersion, ModelVersion__Output as _alloy_admin_v1_ModelVersion__Output } from '../../../alloy/admin/v1/ModelVersion';

export interface ListModelVersionsResponse {
  'items'?: (_alloy_admin_v1_ModelVersion)[];
  'nextCursor'?: (string);
}

export interface ListModelVersionsResponse__Output {
  'items': (_alloy_admin_v1_ModelVersion__Output)[];
  'nextCursor': (string);
}
