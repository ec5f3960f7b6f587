// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface LineageNode {
  'id'?: (string);
  'model'?: (string);
  'version'?: (number);
  'parentVersionId'?: (string);
  'depth'?: (number);
  'status'?: (string);
}

export interface LineageNode__Output {
  'id': (string);
  'model': (string);
  'version': (number);
  'parentVersionId': (string);
  'depth': (number);
  'status': (string);
}
