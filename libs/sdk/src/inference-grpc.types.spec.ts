import type {
  GenerateRequest,
  GenerateResponse__Output,
  GenerateStreamResponse__Output,
} from '@alloy/proto';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  GrpcGenerateChunk,
  GrpcGenerateRequest,
  GrpcGenerateResponse,
} from './inference-grpc.client';

// The SDK states its gRPC types itself (a published package cannot import the workspace's
// generated code); the typecheck of this file fails when a .proto change breaks them.
describe('gRPC types of the SDK', () => {
  it('stay assignable to and from the types generated from the .proto files', () => {
    expectTypeOf<GrpcGenerateRequest>().toExtend<GenerateRequest>();
    expectTypeOf<GenerateResponse__Output>().toExtend<GrpcGenerateResponse>();
    expectTypeOf<GenerateStreamResponse__Output>().toExtend<GrpcGenerateChunk>();
  });
});
