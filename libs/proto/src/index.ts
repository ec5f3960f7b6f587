import path from 'node:path';
import type { Options } from '@grpc/proto-loader';

/** Root of the .proto tree (include path for loaders). */
export const PROTO_ROOT = path.join(__dirname, '..', 'proto');

export const REGISTRY_PROTO = 'alloy/admin/v1/registry.proto';
export const REGISTRY_PACKAGE = 'alloy.admin.v1';
export const REGISTRY_SERVICE = 'RegistryService';

export const INFERENCE_PROTO = 'alloy/inference/v1/inference.proto';
export const INFERENCE_PACKAGE = 'alloy.inference.v1';
export const INFERENCE_SERVICE = 'InferenceService';

/** Loader options the generated types were made with: camelCase fields, int64 as strings, defaults filled. */
export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

export type * from './generated';
export type { ProtoGrpcType as RegistryProtoGrpcType } from './generated/registry';
export type { ProtoGrpcType as InferenceProtoGrpcType } from './generated/inference';
