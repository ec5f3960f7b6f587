// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface Model {
  'id'?: (string);
  'name'?: (string);
  'description'?: (string);
  'domain'?: (string);
  'baseModel'?: (string);
  'archivedAt'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
}

export interface Model__Output {
  'id': (string);
  'name': (string);
  'description': (string);
  'domain': (string);
  'baseModel': (string);
  'archivedAt': (string);
  'createdAt': (string);
  'updatedAt': (string);
}
