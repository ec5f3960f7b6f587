// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface GetModelVersionRequest {
  'id'?: (string);
  'model'?: (string);
  'version'?: (number);
}

export interface GetModelVersionRequest__Output {
  'id': (string);
  'model': (string);
  'version': (number);
}
