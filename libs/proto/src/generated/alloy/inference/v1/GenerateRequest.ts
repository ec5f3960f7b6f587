// Original file: libs/proto/proto/alloy/inference/v1/inference.proto

import type { ChatMessage as _alloy_inference_v1_ChatMessage, ChatMessage__Output as _alloy_inference_v1_ChatMessage__Output } from '../../../alloy/inference/v1/ChatMessage';

export interface GenerateRequest {
  'model'?: (string);
  'version'?: (number);
  'alias'?: (string);
  'prompt'?: (string);
  'messages'?: (_alloy_inference_v1_ChatMessage)[];
  'maxTokens'?: (number);
  'temperature'?: (number | string);
  'topK'?: (number);
  'topP'?: (number | string);
  'repetitionPenalty'?: (number | string);
  'seed'?: (number);
  'stop'?: (string)[];
  'ignoreEos'?: (boolean);
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
  '_topK'?: "topK";
  '_topP'?: "topP";
  '_repetitionPenalty'?: "repetitionPenalty";
  '_seed'?: "seed";
}

export interface GenerateRequest__Output {
  'model': (string);
  'version': (number);
  'alias': (string);
  'prompt': (string);
  'messages': (_alloy_inference_v1_ChatMessage__Output)[];
  'maxTokens'?: (number);
  'temperature'?: (number);
  'topK'?: (number);
  'topP'?: (number);
  'repetitionPenalty'?: (number);
  'seed'?: (number);
  'stop': (string)[];
  'ignoreEos': (boolean);
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
  '_topK'?: "topK";
  '_topP'?: "topP";
  '_repetitionPenalty'?: "repetitionPenalty";
  '_seed'?: "seed";
}
