// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface ArchiveModelVersionRequest {
  'id'?: (string);
}

export interface ArchiveModelVersionRequest__Output {
  'id': (string);
}
