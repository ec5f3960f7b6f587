// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface GetBaseModelRequest {
  'name'?: (string);
}

export interface GetBaseModelRequest__Output {
  'name': (string);
}
