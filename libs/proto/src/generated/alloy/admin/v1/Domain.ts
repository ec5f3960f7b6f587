// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface Domain {
  'id'?: (string);
  'name'?: (string);
  'displayName'?: (string);
  'description'?: (string);
  'createdAt'?: (string);
}

export interface Domain__Output {
  'id': (string);
  'name': (string);
  'displayName': (string);
  'description': (string);
  'createdAt': (string);
}
