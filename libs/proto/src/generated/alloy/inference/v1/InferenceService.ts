// Original file: libs/proto/proto/alloy/inference/v1/inference.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GenerateRequest as _alloy_inference_v1_GenerateRequest, GenerateRequest__Output as _alloy_inference_v1_GenerateRequest__Output } from '../../../alloy/inference/v1/GenerateRequest';
import type { GenerateResponse as _alloy_inference_v1_GenerateResponse, GenerateResponse__Output as _alloy_inference_v1_GenerateResponse__Output } from '../../../alloy/inference/v1/GenerateResponse';
import type { GenerateStreamResponse as _alloy_inference_v1_GenerateStreamResponse, GenerateStreamResponse__Output as _alloy_inference_v1_GenerateStreamResponse__Output } from '../../../alloy/inference/v1/GenerateStreamResponse';

export interface InferenceServiceClient extends grpc.Client {
  Generate(argument: _alloy_inference_v1_GenerateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_inference_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  Generate(argument: _alloy_inference_v1_GenerateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_inference_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  Generate(argument: _alloy_inference_v1_GenerateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_inference_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  Generate(argument: _alloy_inference_v1_GenerateRequest, callback: grpc.requestCallback<_alloy_inference_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  generate(argument: _alloy_inference_v1_GenerateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_inference_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  generate(argument: _alloy_inference_v1_GenerateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_alloy_inference_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  generate(argument: _alloy_inference_v1_GenerateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_alloy_inference_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  generate(argument: _alloy_inference_v1_GenerateRequest, callback: grpc.requestCallback<_alloy_inference_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
  
  GenerateStream(argument: _alloy_inference_v1_GenerateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_alloy_inference_v1_GenerateStreamResponse__Output>;
  GenerateStream(argument: _alloy_inference_v1_GenerateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_alloy_inference_v1_GenerateStreamResponse__Output>;
  generateStream(argument: _alloy_inference_v1_GenerateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_alloy_inference_v1_GenerateStreamResponse__Output>;
  generateStream(argument: _alloy_inference_v1_GenerateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_alloy_inference_v1_GenerateStreamResponse__Output>;
  
}

export interface InferenceServiceHandlers extends grpc.UntypedServiceImplementation {
  Generate: grpc.handleUnaryCall<_alloy_inference_v1_GenerateRequest__Output, _alloy_inference_v1_GenerateResponse>;
  
  GenerateStream: grpc.handleServerStreamingCall<_alloy_inference_v1_GenerateRequest__Output, _alloy_inference_v1_GenerateStreamResponse>;
  
}

export interface InferenceServiceDefinition extends grpc.ServiceDefinition {
  Generate: MethodDefinition<_alloy_inference_v1_GenerateRequest, _alloy_inference_v1_GenerateResponse, _alloy_inference_v1_GenerateRequest__Output, _alloy_inference_v1_GenerateResponse__Output>
  GenerateStream: MethodDefinition<_alloy_inference_v1_GenerateRequest, _alloy_inference_v1_GenerateStreamResponse, _alloy_inference_v1_GenerateRequest__Output, _alloy_inference_v1_GenerateStreamResponse__Output>
}
