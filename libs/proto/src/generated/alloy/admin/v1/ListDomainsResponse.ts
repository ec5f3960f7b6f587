// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type { Domain as _alloy_admin_v1_Domain, Domain__Output as _alloy_admin_v1_Domain__Output } from '../../../alloy/admin/v1/Domain';

export interface ListDomainsResponse {
  'items'?: (_alloy_admin_v1_Domain)[];
}

export interface ListDomainsResponse__Output {
  'items': (_alloy_admin_v1_Domain__Output)[];
}
