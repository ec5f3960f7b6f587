// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface ListModelsRequest {
  'limit'?: (number);
  'cursor'?: (string);
  'domain'?: (string);
  'base'?: (string);
  'sort'?: (string);
  'order'?: (string);
}

export interface ListModelsRequest__Output {
  'limit': (number);
  'cursor': (string);
  'domain': (string);
  'base': (string);
  'sort': (string);
  'order': (string);
}
