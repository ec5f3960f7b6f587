import * as grpc from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer, loadSync } from '@grpc/proto-loader';
import path from 'node:path';
import { adminToken } from './control-plane-harness';

const REFLECTION_PROTO = path.join(
  path.dirname(require.resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1/reflection.proto',
);

interface ReflectionResponse {
  list_services_response?: { service: { name: string }[] };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_message: string };
}

type ReflectionStream = grpc.ClientDuplexStream<Record<string, string>, ReflectionResponse>;

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

/** Talks to a server knowing nothing but its address, as grpcurl does: list, then describe, then call. */
export class ReflectionClient {
  private readonly client: grpc.Client & { ServerReflectionInfo: () => ReflectionStream };

  constructor(address: string) {
    const definition = loadSync(REFLECTION_PROTO, {
      keepCase: true,
      longs: String,
      defaults: true,
    });
    const pkg = grpc.loadPackageDefinition(definition) as any;
    this.client = new pkg.grpc.reflection.v1.ServerReflection(
      address,
      grpc.credentials.createInsecure(),
    );
  }

  private ask(request: Record<string, string>): Promise<ReflectionResponse> {
    return new Promise((resolve, reject) => {
      const stream = this.client.ServerReflectionInfo();
      stream.on('data', (response: ReflectionResponse) => {
        resolve(response);
        stream.end();
      });
      stream.on('error', reject);
      stream.write(request);
    });
  }

  async listServices(): Promise<string[]> {
    const response = await this.ask({ list_services: '' });
    return (response.list_services_response?.service ?? []).map((s) => s.name).sort();
  }

  /** A client constructor for a service, built only from the descriptors the server reflects. */
  async serviceClient(fullName: string): Promise<grpc.ServiceClientConstructor> {
    const response = await this.ask({ file_containing_symbol: fullName });
    if (response.error_response) throw new Error(response.error_response.error_message);
    const files = response.file_descriptor_response?.file_descriptor_proto ?? [];
    // FileDescriptorSet { repeated FileDescriptorProto file = 1; } on the wire: tag 0x0a, length, bytes.
    const set = Buffer.concat(
      files.flatMap((file) => [Buffer.from([0x0a]), varint(file.length), file]),
    );
    const definition = loadFileDescriptorSetFromBuffer(set, {
      keepCase: false,
      longs: String,
      enums: String,
      defaults: true,
    });
    let node: any = grpc.loadPackageDefinition(definition);
    for (const part of fullName.split('.')) node = node[part];
    return node as grpc.ServiceClientConstructor;
  }

  close(): void {
    this.client.close();
  }
}

/** Promisified unary call. */
export function unary<T>(
  client: grpc.Client,
  method: string,
  request: object,
  metadata = bearerMetadata(),
): Promise<T> {
  return new Promise((resolve, reject) => {
    (client as any)[method](request, metadata, (error: grpc.ServiceError | null, response: T) =>
      error ? reject(error) : resolve(response),
    );
  });
}

/** gRPC metadata with a bearer token, the suites' admin key unless given another. */
export function bearerMetadata(token: string = adminToken()): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}
