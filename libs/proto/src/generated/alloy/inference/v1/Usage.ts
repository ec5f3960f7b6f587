// Original file: libs/proto/proto/alloy/inference/v1/inference.proto


export interface Usage {
  'promptTokens'?: (number);
  'completionTokens'?: (number);
  'totalTokens'?: (number);
}

export interface Usage__Output {
  'promptTokens': (number);
  'completionTokens': (number);
  'totalTokens': (number);
}
