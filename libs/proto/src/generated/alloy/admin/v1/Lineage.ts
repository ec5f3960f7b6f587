// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type { ModelVersion as _alloy_admin_v1_ModelVersion, ModelVersion__Output as _alloy_admin_v1_ModelVersion__Output } from '../../../alloy/admin/v1/ModelVersion';
import type { LineageNode as _alloy_admin_v1_LineageNode, LineageNode__Output as _alloy_admin_v1_LineageNode__Output } from '../../../alloy/admin/v1/LineageNode';

export interface Lineage {
  'version'?: (_alloy_admin_v1_ModelVersion | null);
  'ancestors'?: (_alloy_admin_v1_LineageNode)[];
  'descendants'?: (_alloy_admin_v1_LineageNode)[];
}

export interface Lineage__Output {
  'version': (_alloy_admin_v1_ModelVersion__Output | null);
  'ancestors': (_alloy_admin_v1_LineageNode__Output)[];
  'descendants': (_alloy_admin_v1_LineageNode__Output)[];
}
