// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface GetLineageRequest {
  'id'?: (string);
}

export interface GetLineageRequest__Output {
  'id': (string);
}
