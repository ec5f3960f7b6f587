// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type { TokenizerInfo as _alloy_admin_v1_TokenizerInfo, TokenizerInfo__Output as _alloy_admin_v1_TokenizerInfo__Output } from '../../../alloy/admin/v1/TokenizerInfo';
import type { ArtifactFile as _alloy_admin_v1_ArtifactFile, ArtifactFile__Output as _alloy_admin_v1_ArtifactFile__Output } from '../../../alloy/admin/v1/ArtifactFile';
import type { Long } from '@grpc/proto-loader';

export interface BaseModel {
  'id'?: (string);
  'name'?: (string);
  'description'?: (string);
  'architecture'?: (string);
  'modelType'?: (string);
  'parameterCount'?: (number | string | Long);
  'contextLength'?: (number);
  'tokenizer'?: (_alloy_admin_v1_TokenizerInfo | null);
  'artifactUri'?: (string);
  'files'?: (_alloy_admin_v1_ArtifactFile)[];
  'createdAt'?: (string);
}

export interface BaseModel__Output {
  'id': (string);
  'name': (string);
  'description': (string);
  'architecture': (string);
  'modelType': (string);
  'parameterCount': (string);
  'contextLength': (number);
  'tokenizer': (_alloy_admin_v1_TokenizerInfo__Output | null);
  'artifactUri': (string);
  'files': (_alloy_admin_v1_ArtifactFile__Output)[];
  'createdAt': (string);
}
