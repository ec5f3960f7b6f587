// Original file: libs/proto/proto/alloy/inference/v1/inference.proto

import type { Usage as _alloy_inference_v1_Usage, Usage__Output as _alloy_inference_v1_Usage__Output } from '../../../alloy/inference/v1/Usage';

export interface GenerateStreamResponse {
  'model'?: (string);
  'version'?: (number);
  'text'?: (string);
  'tokenIds'?: (number)[];
  'finishReason'?: (string);
  'usage'?: (_alloy_inference_v1_Usage | null);
}

export interface GenerateStreamResponse__Output {
  'model': (string);
  'version': (number);
  'text': (string);
  'tokenIds': (number)[];
  'finishReason': (string);
  'usage': (_alloy_inference_v1_Usage__Output | null);
}
