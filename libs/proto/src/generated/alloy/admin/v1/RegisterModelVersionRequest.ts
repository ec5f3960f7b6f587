// Original file: libs/proto/proto/alloy/admin/v1/registry.proto

import type { Metric as _alloy_admin_v1_Metric, Metric__Output as _alloy_admin_v1_Metric__Output } from '../../../alloy/admin/v1/Metric';

export interface RegisterModelVersionRequest {
  'model'?: (string);
  'artifactPath'?: (string);
  'parentVersionId'?: (string);
  'jobId'?: (string);
  'datasetVersionIds'?: (string)[];
  'metrics'?: (_alloy_admin_v1_Metric)[];
  'hyperparametersJson'?: (string);
  'status'?: (string);
  'description'?: (string);
}

export interface RegisterModelVersionRequest__Output {
  'model': (string);
  'artifactPath': (string);
  'parentVersionId': (string);
  'jobId': (string);
  'datasetVersionIds': (string)[];
  'metrics': (_alloy_admin_v1_Metric__Output)[];
  'hyperparametersJson': (string);
  'status': (string);
  'description': (string);
}
