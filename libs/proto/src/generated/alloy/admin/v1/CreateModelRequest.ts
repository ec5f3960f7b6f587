// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface CreateModelRequest {
  'name'?: (string);
  'domain'?: (string);
  'baseModel'?: (string);
  'description'?: (string);
}

export interface CreateModelRequest__Output {
  'name': (string);
  'domain': (string);
  'baseModel': (string);
  'description': (string);
}
