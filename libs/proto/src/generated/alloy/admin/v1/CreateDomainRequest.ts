// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface CreateDomainRequest {
  'name'?: (string);
  'displayName'?: (string);
  'description'?: (string);
}

export interface CreateDomainRequest__Output {
  'name': (string);
  'displayName': (string);
  'description': (string);
}
