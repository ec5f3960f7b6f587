// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface SetAliasRequest {
  'model'?: (string);
  'alias'?: (string);
  'version'?: (number);
}

export interface SetAliasRequest__Output {
  'model': (string);
  'alias': (string);
  'version': (number);
}
