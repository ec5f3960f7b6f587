// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface RegisterBaseModelRequest {
  'name'?: (string);
  'path'?: (string);
  'description'?: (string);
}

export interface RegisterBaseModelRequest__Output {
  'name': (string);
  'path': (string);
  'description': (string);
}
