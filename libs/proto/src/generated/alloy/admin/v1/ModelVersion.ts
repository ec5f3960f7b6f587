// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type { ArtifactFile as _alloy_admin_v1_ArtifactFile, ArtifactFile__Output as _alloy_admin_v1_ArtifactFile__Output } from '../../../alloy/admin/v1/ArtifactFile';
import type { Metric as _alloy_admin_v1_Metric, Metric__Output as _alloy_admin_v1_Metric__Output } from '../../../alloy/admin/v1/Metric';

export interface ModelVersion {
  'id'?: (string);
  'model'?: (string);
  'version'?: (number);
  'parentVersionId'?: (string);
  'jobId'?: (string);
  'datasetVersionIds'?: (string)[];
  'artifactUri'?: (string);
  'files'?: (_alloy_admin_v1_ArtifactFile)[];
  'status'?: (string);
  'metrics'?: (_alloy_admin_v1_Metric)[];
  'hyperparametersJson'?: (string);
  'description'?: (string);
  'aliases'?: (string)[];
  'createdAt'?: (string);
  'updatedAt'?: (string);
}

export interface ModelVersion__Output {
  'id': (string);
  'model': (string);
  'version': (number);
  'parentVersionId': (string);
  'jobId': (string);
  'datasetVersionIds': (string)[];
  'artifactUri': (string);
  'files': (_alloy_admin_v1_ArtifactFile__Output)[];
  'status': (string);
  'metrics': (_alloy_admin_v1_Metric__Output)[];
  'hyperparametersJson': (string);
  'description': (string);
  'aliases': (string)[];
  'createdAt': (string);
  'updatedAt': (string);
}
