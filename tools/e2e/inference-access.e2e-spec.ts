import path from 'node:path';
import { INFERENCE_PROTO, PROTO_LOADER_OPTIONS, PROTO_ROOT } from '@alloy/proto';
import type { InferenceProtoGrpcType } from '@alloy/proto';
import { credentials, loadPackageDefinition, type ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  api,
  type Harness as ControlPlaneHarness,
  startControlPlane,
} from '../../apps/control-plane/test/control-plane-harness';
import {
  bearer,
  bearerInterceptor,
  makeArtifactRoot,
  RegistryRows,
  type ServerHarness,
  startModelServer,
  trainerModel,
  uniqueName,
} from '../../apps/model-server/test/model-server-harness';

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete']);

function routesOf(h: ServerHarness): { method: string; path: string }[] {
  const express = h.app.getHttpAdapter().getInstance() as unknown as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((m) => VERBS.has(m))
          .map((method) => ({ method: method.toUpperCase(), path: layer.route!.path }))
      : [],
  );
}

function grpcClient(address: string, token: string | null) {
  const definition = loadSync(path.join(PROTO_ROOT, INFERENCE_PROTO), PROTO_LOADER_OPTIONS);
  const pkg = loadPackageDefinition(definition) as unknown as InferenceProtoGrpcType;
  return new pkg.alloy.inference.v1.InferenceService(address, credentials.createInsecure(), {
    interceptors: token ? [bearerInterceptor(token)] : [],
  });
}

/** The gRPC status of a unary Generate, 0 when it succeeds. */
function grpcGenerate(address: string, token: string | null, model: string): Promise<number> {
  const client = grpcClient(address, token);
  return new Promise<number>((resolve) =>
    client.Generate({ model, prompt: 'The bank', maxTokens: 2 }, (error: ServiceError | null) =>
      resolve(error ? error.code : 0),
    ),
  ).finally(() => client.close());
}

describe('access control on the model server (REST, OpenAI-compatible, gRPC)', () => {
  let root: string;
  let rows: RegistryRows;
  let h: ServerHarness;
  let cp: ControlPlaneHarness;
  let model: string;
  let deployment: string;
  const keys: Record<string, string> = {};

  const generate = (token: string | null, name = model) =>
    fetch(`${h.baseUrl}/v1/models/${name}:generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
      body: JSON.stringify({ prompt: 'The bank', maxTokens: 2 }),
    });

  beforeAll(async () => {
    root = await makeArtifactRoot();
    model = uniqueName('acl');
    deployment = `${model}-prod`;
    rows = await RegistryRows.connect();
    const [v1] = await rows.model(model, [trainerModel(root, `models/${model}/1`, 1)]);
    await rows.deploy(deployment, model, [{ versionId: v1, weight: 100 }]);
    h = await startModelServer(root, {
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
    });
    // Keys are made where users make them: through the control plane's API.
    cp = await startControlPlane();
    const admin = api(cp);
    const key = async (body: object, headers: Record<string, string> = {}) => {
      const response = await fetch(`${cp.baseUrl}/api/v1/api-keys`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${inject('adminToken')}`,
          ...headers,
        },
        body: JSON.stringify({ name: 'access test', ...body }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    keys.partner = await key({ role: 'partner-developer' });
    keys.viewer = await key({ role: 'viewer' });
    keys.elsewhere = await key({ role: 'partner-developer', deployments: ['another-deployment'] });
    keys.limited = await key({ role: 'partner-developer', deployments: [deployment] });
    const org = uniqueName('clinic');
    await admin.post('/api/v1/organizations', { name: org, displayName: 'A clinic' });
    keys.otherTenant = await key({ role: 'admin' }, { 'x-alloy-organization': org });
    await h.refresh();
  }, 180_000);

  afterAll(async () => {
    await cp?.close();
    await h?.close();
    await rows?.close();
  });

  it('refuses every route and gRPC method without a key; probes, health and reflection stay public', async () => {
    const routes = routesOf(h);
    expect(routes.length).toBeGreaterThan(5);
    const open: string[] = [];
    for (const route of routes) {
      const response = await fetch(`${h.baseUrl}${route.path.replace(/:(\w+)/g, 'x1')}`, {
        method: route.method,
        headers: { 'content-type': 'application/json' },
        body: route.method === 'GET' ? undefined : '{}',
      });
      const text = await response.text();
      const noRoute = response.status === 404 && text.includes('Cannot ');
      const probe = /^\/(healthz|readyz)$/.test(route.path);
      if (response.status !== 401 && !noRoute && !probe)
        open.push(`${route.method} ${route.path} -> ${response.status}`);
    }
    expect(open).toEqual([]);
    expect((await fetch(`${h.baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${h.baseUrl}/metrics`, { headers: bearer() })).status).toBe(200);

    const service = grpcClient(h.grpcAddress, null);
    const methods = Object.keys(
      (service.constructor as unknown as { service: object }).service,
    ).filter((m) => /^[A-Z]/.test(m));
    service.close();
    expect(methods).toEqual(expect.arrayContaining(['Generate', 'GenerateStream']));
    expect(await grpcGenerate(h.grpcAddress, null, model)).toBe(status.UNAUTHENTICATED);
    const stream = grpcClient(h.grpcAddress, null).GenerateStream({ model, prompt: 'a' });
    const streamCode = await new Promise<number>((resolve) => {
      stream.on('error', (error: ServiceError) => resolve(error.code));
      stream.on('data', () => undefined);
      stream.on('end', () => resolve(0));
    });
    expect(streamCode).toBe(status.UNAUTHENTICATED);
  });

  it('lets a partner key call the model, and refuses a viewer (403) on every surface', async () => {
    expect((await generate(keys.partner)).status).toBe(200);
    expect(await grpcGenerate(h.grpcAddress, keys.partner, model)).toBe(0);
    const viewer = await generate(keys.viewer);
    expect(viewer.status).toBe(403);
    expect(await grpcGenerate(h.grpcAddress, keys.viewer, model)).toBe(status.PERMISSION_DENIED);
    const chat = await fetch(`${h.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(keys.viewer) },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 }),
    });
    expect(chat.status).toBe(403);
  });

  it('serves a key only the deployments it names, and a tenant only its own (404 otherwise)', async () => {
    expect((await generate(keys.limited)).status).toBe(200);
    expect((await generate(keys.limited, deployment)).status).toBe(200);
    expect((await generate(keys.elsewhere)).status).toBe(404);
    expect((await generate(keys.otherTenant)).status).toBe(404);
    expect(await grpcGenerate(h.grpcAddress, keys.otherTenant, model)).toBe(status.NOT_FOUND);
    const listed = async (token: string) =>
      (
        (await (await fetch(`${h.baseUrl}/v1/models`, { headers: bearer(token) })).json()) as {
          data: { id: string }[];
        }
      ).data.map((m) => m.id);
    expect(await listed(keys.partner)).toContain(model);
    expect(await listed(keys.elsewhere)).toEqual([]);
    expect(await listed(keys.otherTenant)).toEqual([]);
  });

  it('refuses a revoked key within a second on REST and gRPC', async () => {
    const admin = api(cp);
    const created = await admin.post('/api/v1/api-keys', {
      name: 'to revoke',
      role: 'partner-developer',
    });
    const token = created.body.token as string;
    expect((await generate(token)).status).toBe(200);
    await admin.delete(`/api/v1/api-keys/${created.body.id}`);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await generate(token)).status).toBe(401);
    expect(await grpcGenerate(h.grpcAddress, token, model)).toBe(status.UNAUTHENTICATED);
  });

  it('limits requests per minute per key, answering 429 with Retry-After', async () => {
    const limited = await startModelServer(root, {
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
      RATE_LIMIT_PER_MINUTE: '3',
    });
    try {
      await limited.refresh();
      const created = await api(cp).post('/api/v1/api-keys', {
        name: 'rate limited',
        role: 'partner-developer',
      });
      const call = () =>
        fetch(`${limited.baseUrl}/v1/models/${model}:generate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(created.body.token) },
          body: JSON.stringify({ prompt: 'The bank', maxTokens: 1 }),
        });
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i += 1) {
        const r = await call();
        statuses.push(r.status);
        if (r.status === 429) retryAfter = r.headers.get('retry-after');
        await r.arrayBuffer();
      }
      // A fixed window: a minute boundary between calls may reset it once.
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
