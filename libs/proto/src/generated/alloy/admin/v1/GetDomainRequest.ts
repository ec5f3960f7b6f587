// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface GetDomainRequest {
  'name'?: (string);
}

export interface GetDomainRequest__Output {
  'name': (string);
}
