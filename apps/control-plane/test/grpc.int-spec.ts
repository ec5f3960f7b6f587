import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startControlPlane, uniqueName, writeHfModel } from './control-plane-harness';
import { bearerMetadata, ReflectionClient, unary } from './grpc-reflection-client';

describe('gRPC RegistryService', () => {
  let h: Harness;
  let reflection: ReflectionClient;
  let registry: grpc.Client;

  beforeAll(async () => {
    h = await startControlPlane();
    reflection = new ReflectionClient(h.grpcAddress);
    const Registry = await reflection.serviceClient('alloy.admin.v1.RegistryService');
    registry = new Registry(h.grpcAddress, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    registry?.close();
    reflection?.close();
    await h?.close();
  });

  it('lists its services through server reflection, health included', async () => {
    expect(await reflection.listServices()).toEqual(
      expect.arrayContaining(['alloy.admin.v1.RegistryService', 'grpc.health.v1.Health']),
    );
  });

  it('answers the standard health check', async () => {
    const Health = await reflection.serviceClient('grpc.health.v1.Health');
    const health = new Health(h.grpcAddress, grpc.credentials.createInsecure());
    try {
      const response = await unary<{ status: string }>(health, 'Check', {
        service: 'alloy.admin.v1.RegistryService',
      });
      expect(response.status).toBe('SERVING');
    } finally {
      health.close();
    }
  });

  it('runs the registry end to end with descriptors learnt by reflection', async () => {
    const domains = await unary<{ items: { name: string }[] }>(registry, 'ListDomains', {});
    expect(domains.items.map((d) => d.name)).toEqual(
      expect.arrayContaining(['finance', 'medical', 'education']),
    );

    const baseName = uniqueName('grpc-base');
    const written = await writeHfModel(h, `b/${baseName}`);
    const metadata = bearerMetadata();
    const base = await unary<{ parameterCount: string }>(
      registry,
      'RegisterBaseModel',
      { name: baseName, path: written.key },
      metadata,
    );
    expect(Number(base.parameterCount)).toBe(written.parameterCount);

    const modelName = uniqueName('grpc-model');
    await unary(registry, 'CreateModel', {
      name: modelName,
      domain: 'finance',
      baseModel: baseName,
    });
    const artifact = (await writeHfModel(h, `m/${modelName}`)).key;
    const v1 = await unary<{ id: string; version: number }>(registry, 'RegisterModelVersion', {
      model: modelName,
      artifactPath: artifact,
      status: 'ready',
      metrics: [{ name: 'evalLoss', value: 1.5 }],
      hyperparametersJson: '{"method":"full"}',
    });
    const v2 = await unary<{ id: string; version: number; parentVersionId: string }>(
      registry,
      'RegisterModelVersion',
      {
        model: modelName,
        artifactPath: artifact,
        parentVersionId: v1.id,
        status: 'ready',
      },
    );
    expect(v2).toMatchObject({ version: 2, parentVersionId: v1.id });

    const lineage = await unary<{ ancestors: { id: string }[] }>(registry, 'GetLineage', {
      id: v2.id,
    });
    expect(lineage.ancestors.map((a) => a.id)).toEqual([v1.id]);
    // production only through the promotion gate: v2 was never evaluated
    await expect(
      unary(registry, 'SetAlias', { model: modelName, alias: 'production', version: 2 }),
    ).rejects.toMatchObject({
      code: grpc.status.FAILED_PRECONDITION,
      details: expect.stringContaining('evaluation'),
    });
    const alias = await unary<{ version: number }>(registry, 'SetAlias', {
      model: modelName,
      alias: 'staging',
      version: 2,
    });
    expect(alias.version).toBe(2);
    const fetched = await unary<{ aliases: string[]; metrics: { name: string; value: number }[] }>(
      registry,
      'GetModelVersion',
      {
        model: modelName,
        version: 1,
      },
    );
    expect(fetched.metrics).toEqual([{ name: 'evalLoss', value: 1.5 }]);
    const page = await unary<{ items: unknown[]; nextCursor: string }>(
      registry,
      'ListModelVersions',
      { model: modelName, limit: 1 },
    );
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBe('');
  });

  it('maps failures to gRPC status codes with the field named', async () => {
    const notFound = unary(registry, 'GetModel', { name: 'no-such-model' });
    await expect(notFound).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    const invalid = unary(registry, 'CreateDomain', { name: 'Not A Slug', displayName: 'x' });
    await expect(invalid).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining('name'),
    });
    const name = uniqueName('dup');
    await unary(registry, 'CreateDomain', { name, displayName: 'x' });
    await expect(unary(registry, 'CreateDomain', { name, displayName: 'x' })).rejects.toMatchObject(
      {
        code: grpc.status.ALREADY_EXISTS,
      },
    );
  });
});
