import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ChatMessage as _alloy_inference_v1_ChatMessage, ChatMessage__Output as _alloy_inference_v1_ChatMessage__Output } from './alloy/inference/v1/ChatMessage';
import type { GenerateRequest as _alloy_inference_v1_GenerateRequest, GenerateRequest__Output as _alloy_inference_v1_GenerateRequest__Output } from './alloy/inference/v1/GenerateRequest';
import type { GenerateResponse as _alloy_inference_v1_GenerateResponse, GenerateResponse__Output as _alloy_inference_v1_GenerateResponse__Output } from './alloy/inference/v1/GenerateResponse';
import type { GenerateStreamResponse as _alloy_inference_v1_GenerateStreamResponse, GenerateStreamResponse__Output as _alloy_inference_v1_GenerateStreamResponse__Output } from './alloy/inference/v1/GenerateStreamResponse';
import type { InferenceServiceClient as _alloy_inference_v1_InferenceServiceClient, InferenceServiceDefinition as _alloy_inference_v1_InferenceServiceDefinition } from './alloy/inference/v1/InferenceService';
import type { Usage as _alloy_inference_v1_Usage, Usage__Output as _alloy_inference_v1_Usage__Output } from './alloy/inference/v1/Usage';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  alloy: {
    inference: {
      v1: {
        ChatMessage: MessageTypeDefinition<_alloy_inference_v1_ChatMessage, _alloy_inference_v1_ChatMessage__Output>
        GenerateRequest: MessageTypeDefinition<_alloy_inference_v1_GenerateRequest, _alloy_inference_v1_GenerateRequest__Output>
        GenerateResponse: MessageTypeDefinition<_alloy_inference_v1_GenerateResponse, _alloy_inference_v1_GenerateResponse__Output>
        GenerateStreamResponse: MessageTypeDefinition<_alloy_inference_v1_GenerateStreamResponse, _alloy_inference_v1_GenerateStreamResponse__Output>
        InferenceService: SubtypeConstructor<typeof grpc.Client, _alloy_inference_v1_InferenceServiceClient> & { service: _alloy_inference_v1_InferenceServiceDefinition }
        Usage: MessageTypeDefinition<_alloy_inference_v1_Usage, _alloy_inference_v1_Usage__Output>
      }
    }
  }
}

