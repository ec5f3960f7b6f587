import path from 'node:path';
import {
  type ChannelCredentials,
  type ClientReadableStream,
  credentials as grpcCredentials,
  loadPackageDefinition,
  Metadata,
  type ServiceError,
  status as GrpcStatus,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  INFERENCE_PROTO,
  type InferenceProtoGrpcType,
  PROTO_LOADER_OPTIONS,
  PROTO_ROOT,
} from '@alloy/proto';
import type { InferenceServiceClient } from '@alloy/proto';
import { AlloyApiError, toAlloyError } from './alloy-errors';

/** A chat message of a gRPC request. */
export interface GrpcChatMessage {
  role: string;
  content: string;
}

/** A gRPC generate request: a model, at most one of version or alias, a prompt or messages. */
export interface GrpcGenerateRequest {
  model: string;
  /** A version number; the deployment's traffic split chooses when neither this nor alias is given. */
  version?: number;
  alias?: string;
  prompt?: string;
  messages?: GrpcChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  repetitionPenalty?: number;
  seed?: number;
  stop?: string[];
  ignoreEos?: boolean;
}

/** Tokens of a prompt and of a generation. */
export interface GrpcUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** The answer of a unary gRPC generate. */
export interface GrpcGenerateResponse {
  model: string;
  version: number;
  text: string;
  tokenIds: number[];
  /** "stop" or "length". */
  finishReason: string;
  usage: GrpcUsage | null;
}

/** One piece of a streamed gRPC generation; the last carries `finishReason` and `usage`. */
export type GrpcGenerateChunk = GrpcGenerateResponse;

/** Where the model server's gRPC listener is and with which key to call it. */
export interface AlloyInferenceGrpcOptions {
  /** `host:port`, as `localhost:50061`. */
  address: string;
  apiKey: string;
  /** TLS credentials; plaintext when not given (a local or a mesh-encrypted server). */
  credentials?: ChannelCredentials;
}

// The same statuses the REST surface answers, so that one catch handles both.
const HTTP_STATUS: Partial<Record<GrpcStatus, number>> = {
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.UNAUTHENTICATED]: 401,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.NOT_FOUND]: 404,
  [GrpcStatus.ALREADY_EXISTS]: 409,
  [GrpcStatus.RESOURCE_EXHAUSTED]: 429,
  [GrpcStatus.UNAVAILABLE]: 503,
  [GrpcStatus.CANCELLED]: 499,
};

function first(metadata: Metadata | undefined, key: string): string | null {
  const value = metadata?.get(key)[0];
  return value === undefined ? null : String(value);
}

/** A gRPC failure as the same typed exception a REST call throws. */
function toError(error: ServiceError): AlloyApiError {
  const code = first(error.metadata, 'alloy-error-code') ?? GrpcStatus[error.code] ?? 'UNKNOWN';
  const retryMs = first(error.metadata, 'retry-after-ms');
  const headers = new Headers();
  if (retryMs !== null) headers.set('retry-after', String(Math.ceil(Number(retryMs) / 1000)));
  const requestId = first(error.metadata, 'x-request-id');
  if (requestId) headers.set('x-request-id', requestId);
  return toAlloyError({
    status: HTTP_STATUS[error.code] ?? 500,
    body: {
      error: {
        code,
        message: error.details || error.message,
        param: first(error.metadata, 'alloy-error-field'),
      },
    },
    headers,
  });
}

/** Streaming inference over gRPC (`alloy.inference.v1.InferenceService`) with an API key. */
export class AlloyInferenceGrpcClient {
  private readonly client: InferenceServiceClient;
  private readonly apiKey: string;

  constructor(options: AlloyInferenceGrpcOptions) {
    const definition = loadSync(path.join(PROTO_ROOT, INFERENCE_PROTO), PROTO_LOADER_OPTIONS);
    const pkg = loadPackageDefinition(definition) as unknown as InferenceProtoGrpcType;
    this.apiKey = options.apiKey;
    this.client = new pkg.alloy.inference.v1.InferenceService(
      options.address,
      options.credentials ?? grpcCredentials.createInsecure(),
    );
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${this.apiKey}`);
    return metadata;
  }

  /** One whole generation. */
  generate(
    request: GrpcGenerateRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<GrpcGenerateResponse> {
    return new Promise((resolve, reject) => {
      const call = this.client.Generate(request, this.metadata(), (error, response) => {
        if (error) reject(toError(error));
        else if (response) resolve(response);
        else reject(new AlloyApiError(500, 'EMPTY_RESPONSE', 'no response', null));
      });
      options.signal?.addEventListener('abort', () => call.cancel(), { once: true });
    });
  }

  /** A generation as it is produced; breaking out of the loop or aborting cancels the call. */
  async *generateStream(
    request: GrpcGenerateRequest,
    options: { signal?: AbortSignal } = {},
  ): AsyncGenerator<GrpcGenerateChunk> {
    const call: ClientReadableStream<GrpcGenerateChunk> = this.client.GenerateStream(
      request,
      this.metadata(),
    );
    const cancel = (): void => call.cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      for await (const chunk of call as AsyncIterable<GrpcGenerateChunk>) yield chunk;
    } catch (error) {
      if (error && typeof error === 'object' && 'code' in error && 'metadata' in error)
        throw toError(error as ServiceError);
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  /** Closes the channel. */
  close(): void {
    this.client.close();
  }
}
