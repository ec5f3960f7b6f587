// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface Alias {
  'model'?: (string);
  'alias'?: (string);
  'versionId'?: (string);
  'version'?: (number);
  'updatedAt'?: (string);
}

export interface Alias__Output {
  'model': (string);
  'alias': (string);
  'versionId': (string);
  'version': (number);
  'updatedAt': (string);
}
