// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type { Long } from '@grpc/proto-loader';

export interface ArtifactFile {
  'path'?: (string);
  'sha256'?: (string);
  'bytes'?: (number | string | Long);
}

export interface ArtifactFile__Output {
  'path': (string);
  'sha256': (string);
  'bytes': (string);
}
