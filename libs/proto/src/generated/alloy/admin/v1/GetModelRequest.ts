// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface GetModelRequest {
  'name'?: (string);
}

export interface GetModelRequest__Output {
  'name': (string);
}
