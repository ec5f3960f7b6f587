// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface RegisterModelVersionRequest {
  'model'?: (string);
  'artifactPath'?: (string);
  'parentVersionId'?: (string);
  'jobId'?: (string);
  'datasetVersionIds'?: (string)[];
  'metrics'?: ({[key: string]: number | string});
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
  'metrics': ({[key: string]: number});
  'hyperparametersJson': (string);
  'status': (string);
  'description': (string);
}
