import { ReflectionService } from '@grpc/reflection';
import type { Server } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, PROTO_ROOT, REGISTRY_PACKAGE, REGISTRY_PROTO } from '@alloy/proto';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import path from 'node:path';

/** The standard health service; SERVING once the app has started, NOT_SERVING while it shuts down. */
export const grpcHealth = new HealthImplementation({
  '': 'NOT_SERVING',
  [`${REGISTRY_PACKAGE}.RegistryService`]: 'NOT_SERVING',
});

export function setServing(serving: boolean): void {
  const status = serving ? 'SERVING' : 'NOT_SERVING';
  grpcHealth.setStatus('', status);
  grpcHealth.setStatus(`${REGISTRY_PACKAGE}.RegistryService`, status);
}

export function registryGrpcOptions(url: string): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: [REGISTRY_PACKAGE],
      protoPath: [path.join(PROTO_ROOT, REGISTRY_PROTO)],
      loader: PROTO_LOADER_OPTIONS,
      // Server reflection (grpcurl list/describe) and the health service ride on the same server.
      onLoadPackageDefinition: (pkg: PackageDefinition, server: Pick<Server, 'addService'>) => {
        const health = loadSync(healthProtoPath, PROTO_LOADER_OPTIONS);
        new ReflectionService({ ...pkg, ...health }).addToServer(server);
        grpcHealth.addToServer(server);
      },
    },
  };
}
