// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface ListModelVersionsRequest {
  'limit'?: (number);
  'cursor'?: (string);
  'model'?: (string);
  'domain'?: (string);
  'status'?: (string);
  'base'?: (string);
  'sort'?: (string);
  'order'?: (string);
}

export interface ListModelVersionsRequest__Output {
  'limit': (number);
  'cursor': (string);
  'model': (string);
  'domain': (string);
  'status': (string);
  'base': (string);
  'sort': (string);
  'order': (string);
}
