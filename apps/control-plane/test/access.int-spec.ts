import * as grpc from '@grpc/grpc-js';
import { ROLES, parseToken } from '@alloy/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorOf,
  adminToken,
  api,
  type Harness,
  startControlPlane,
  uniqueName,
} from './control-plane-harness';
import { bearerMetadata, ReflectionClient, unary } from './grpc-reflection-client';
import { createModel, insertDatasetVersion } from './registry-fixtures';

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete']);

interface Route {
  method: string;
  path: string;
}

/** Every route the running HTTP server has, read from its router (not from a list in the test). */
function routesOf(h: Harness): Route[] {
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

/** A concrete URL for a route pattern: any value will do, the guard answers before the handler. */
const concrete = (path: string) => path.replace(/:(\w+)/g, 'x1');

/** Public without credentials: signing in, and what `PUBLIC_ENDPOINTS` lists (probes, docs). */
const isPublic = (route: Route, endpoints: string[]) =>
  (route.method === 'POST' && route.path === '/api/v1/auth/sign-in') ||
  (endpoints.includes('probes') && /^\/(healthz|readyz)$/.test(route.path)) ||
  (endpoints.includes('metrics') && route.path === '/metrics') ||
  (endpoints.includes('docs') && route.path.startsWith('/docs'));

/** Routes a request without credentials reaches: anything but a 401 (or Express's "Cannot GET"). */
async function openRoutes(h: Harness, endpoints: string[]): Promise<string[]> {
  const open: string[] = [];
  for (const route of routesOf(h)) {
    const response = await fetch(`${h.baseUrl}${concrete(route.path)}`, {
      method: route.method,
      headers: { 'content-type': 'application/json' },
      body: route.method === 'GET' ? undefined : '{}',
    });
    const text = await response.text();
    const noRoute = response.status === 404 && text.includes('Cannot ');
    if (response.status !== 401 && !noRoute && !isPublic(route, endpoints))
      open.push(`${route.method} ${route.path} -> ${response.status}`);
  }
  return open;
}

describe('access control on every listener of the control plane', () => {
  let h: Harness;
  const admin = () => api(h);

  beforeAll(async () => {
    h = await startControlPlane();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('refuses every REST route without credentials, except the explicitly public ones', async () => {
    expect(routesOf(h).length).toBeGreaterThan(40);
    expect(await openRoutes(h, ['probes', 'docs'])).toEqual([]);
    // Not public by configuration: then probes and docs want a credential too.
    const closed = await startControlPlane({ PUBLIC_ENDPOINTS: 'metrics' });
    try {
      expect(await openRoutes(closed, ['metrics'])).toEqual([]);
      expect((await fetch(`${closed.baseUrl}/docs/openapi.json`)).status).toBe(401);
      expect((await fetch(`${closed.baseUrl}/healthz`)).status).toBe(401);
      expect((await fetch(`${closed.baseUrl}/metrics`)).status).toBe(200);
      const docs = await fetch(`${closed.baseUrl}/docs/openapi.json`, {
        headers: { authorization: `Bearer ${adminToken()}` },
      });
      expect(docs.status).toBe(200);
    } finally {
      await closed.close();
    }
  });

  it('gives every REST route an access policy (none answers "no access policy" to an admin)', async () => {
    const missing: string[] = [];
    for (const route of routesOf(h)) {
      const response = await fetch(`${h.baseUrl}${concrete(route.path)}`, {
        method: route.method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken()}` },
        body: route.method === 'GET' ? undefined : '{}',
      });
      const text = await response.text();
      if (text.includes('no access policy')) missing.push(`${route.method} ${route.path}`);
    }
    expect(missing).toEqual([]);
  });

  it('refuses every gRPC method without credentials; health and reflection stay public', async () => {
    const reflection = new ReflectionClient(h.grpcAddress);
    try {
      const services = await reflection.listServices();
      expect(services).toEqual(
        expect.arrayContaining(['alloy.admin.v1.RegistryService', 'grpc.health.v1.Health']),
      );
      const Registry = await reflection.serviceClient('alloy.admin.v1.RegistryService');
      const registry = new Registry(h.grpcAddress, grpc.credentials.createInsecure());
      const methods = Object.keys(Registry.service);
      expect(methods.length).toBeGreaterThan(10);
      const codes: Record<string, number | undefined> = {};
      for (const method of methods) {
        codes[method] = await unary(registry, method, {}, new grpc.Metadata()).then(
          () => undefined,
          (error: grpc.ServiceError) => error.code,
        );
      }
      expect(codes).toEqual(
        Object.fromEntries(methods.map((m) => [m, grpc.status.UNAUTHENTICATED])),
      );
      // With a key the same call goes through.
      const listed = await unary<{ items: unknown[] }>(registry, 'ListDomains', {});
      expect(listed.items.length).toBeGreaterThan(0);
      registry.close();

      const Health = await reflection.serviceClient('grpc.health.v1.Health');
      const health = new Health(h.grpcAddress, grpc.credentials.createInsecure());
      const status = await unary<{ status: string }>(health, 'Check', {}, new grpc.Metadata());
      // answered without credentials (whether this process is serving is another test's concern)
      expect(['SERVING', 'NOT_SERVING']).toContain(status.status);
      health.close();
    } finally {
      reflection.close();
    }
  });

  it('refuses a revoked key within a second, on REST and gRPC', async () => {
    const created = await admin().post('/api/v1/api-keys', { name: 'short-lived', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^alloy_ak_/);
    const key = created.body.token as string;
    expect((await api(h, key).get('/api/v1/domains')).status).toBe(200);
    // The list shows the key, never its secret.
    const listed = await admin().get('/api/v1/api-keys');
    const row = listed.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(row).toMatchObject({ role: 'viewer', revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(parseToken(key)!.secret);

    expect((await admin().delete(`/api/v1/api-keys/${created.body.id}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await api(h, key).get('/api/v1/domains')).status).toBe(401);
    const reflection = new ReflectionClient(h.grpcAddress);
    try {
      const Registry = await reflection.serviceClient('alloy.admin.v1.RegistryService');
      const registry = new Registry(h.grpcAddress, grpc.credentials.createInsecure());
      const code = await unary(registry, 'ListDomains', {}, bearerMetadata(key)).then(
        () => 0,
        (error: grpc.ServiceError) => error.code,
      );
      expect(code).toBe(grpc.status.UNAUTHENTICATED);
      registry.close();
    } finally {
      reflection.close();
    }
  });

  it('lets each role do what the policy table says, and no more', async () => {
    const keyFor = async (role: string, extra: object = {}) =>
      (await admin().post('/api/v1/api-keys', { name: `as ${role}`, role, ...extra })).body
        .token as string;
    const keys = Object.fromEntries(
      await Promise.all(ROLES.map(async (role) => [role, await keyFor(role)] as const)),
    );
    const model = { name: uniqueName('role-model'), domain: 'finance', baseModel: 'none' };
    // A model write: builders only (the answer is about the missing base model, past the guard).
    const built = await api(h, keys['ml-engineer']).post('/api/v1/models', model);
    expect([400, 404]).toContain(built.status);
    expect((await api(h, keys.viewer).post('/api/v1/models', model)).status).toBe(403);
    expect((await api(h, keys['partner-developer']).post('/api/v1/models', model)).status).toBe(
      403,
    );
    // Datasets are not for partners; the registry is readable by all.
    expect((await api(h, keys['partner-developer']).get('/api/v1/datasets')).status).toBe(403);
    expect((await api(h, keys['partner-developer']).get('/api/v1/models')).status).toBe(200);
    expect((await api(h, keys.viewer).get('/api/v1/datasets')).status).toBe(200);
    // Keys and users are the admin's.
    expect((await api(h, keys['ml-engineer']).get('/api/v1/api-keys')).status).toBe(403);
    expect((await api(h, keys.viewer).post('/api/v1/users', {})).status).toBe(403);
    // Scopes narrow a role: an admin key limited to reading cannot write.
    const readOnly = await keyFor('admin', { scopes: ['read'] });
    expect((await api(h, readOnly).get('/api/v1/models')).status).toBe(200);
    const refused = await api(h, readOnly).post('/api/v1/domains', {
      name: uniqueName('d'),
      displayName: 'D',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/scopes/);
    // A worker's credential speaks only the worker protocol.
    const join = await admin().post('/api/v1/worker-tokens', {});
    expect((await api(h, join.body.token).get('/api/v1/models')).status).toBe(403);
    expect(
      (await api(h, join.body.token).post(`/api/v1/workers/${uniqueName('w')}/heartbeat`, {}))
        .status,
    ).toBe(403);
  });

  it('keeps tenants apart: another organisation sees 404 for every id it did not make', async () => {
    const orgName = uniqueName('bank');
    const org = await admin().post('/api/v1/organizations', {
      name: orgName,
      displayName: 'A Bank',
    });
    expect(org.status).toBe(201);
    // A platform admin acts in the new organisation by naming it.
    const inBank = async (method: 'post', url: string, body: object) =>
      fetch(`${h.baseUrl}${url}`, {
        method: method.toUpperCase(),
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${adminToken()}`,
          'x-alloy-organization': orgName,
        },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { token: string } }));
    const bankKey = await inBank('post', '/api/v1/api-keys', { name: 'bank admin', role: 'admin' });
    expect(bankKey.status).toBe(201);
    const bank = api(h, bankKey.body.token);
    expect((await bank.get('/api/v1/auth/me')).body).toMatchObject({
      organizationId: org.body.id,
      platform: false,
      role: 'admin',
    });

    // The platform's objects.
    const { model } = await createModel(h, 'tenant');
    const corpus = await insertDatasetVersion(h, 'corpus', [{ text: 'rates and bonds' }]);
    const job = await admin().post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
    });
    expect(job.status).toBe(201);
    await admin().post(`/api/v1/jobs/${job.body.id}/cancel`);

    for (const url of [
      `/api/v1/models/${model}`,
      `/api/v1/models/${model}/versions`,
      `/api/v1/dataset-versions/${corpus}`,
      `/api/v1/jobs/${job.body.id}`,
      `/api/v1/jobs/${job.body.id}/events`,
      `/api/v1/jobs/${job.body.id}/metrics`,
      `/api/v1/pipelines/${job.body.id}`,
    ]) {
      expect((await bank.get(url)).status, url).toBe(404);
    }
    // Lists hold only the tenant's own.
    expect((await bank.get('/api/v1/models')).body.items).toEqual([]);
    expect((await bank.get('/api/v1/jobs')).body.items).toEqual([]);
    // Its audit log holds its own changes (the key the platform admin made for it), not ours.
    const audit = await bank.get('/api/v1/audit-log');
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual([
      'api_key.create',
      'organization.create',
    ]);
    // Platform admin's own settings are its own organisation's, not the tenant's.
    expect((await admin().get('/api/v1/organization')).body.platform).toBe(true);
    // A job on another tenant's dataset is refused as if it did not exist.
    expect(
      (
        await bank.post('/api/v1/jobs', {
          model,
          kind: 'continued_pretraining',
          datasetVersionIds: [corpus],
        })
      ).status,
    ).toBe(404);
    // Its admin keeps its own settings: recording inference content is off until it says so.
    expect((await bank.get('/api/v1/organization')).body).toMatchObject({
      name: orgName,
      inferenceContentLogging: false,
    });
    const changed = await bank.patch('/api/v1/organization', { inferenceContentLogging: true });
    expect(changed.body).toMatchObject({ id: org.body.id, inferenceContentLogging: true });
    expect(
      (await bank.patch('/api/v1/organization', { inferenceContentLogging: 'yes' })).status,
    ).toBe(400);
    // Not a platform admin: it cannot name another organisation, nor list them.
    const other = await fetch(`${h.baseUrl}/api/v1/models`, {
      headers: { authorization: `Bearer ${bankKey.body.token}`, 'x-alloy-organization': 'default' },
    });
    expect(other.status).toBe(404);
    expect((await bank.get('/api/v1/organizations')).status).toBe(403);
  });

  it('signs users in with sessions that rotate and end, locks an account after repeated failures, and audits each attempt', async () => {
    const email = `${uniqueName('ana')}@bank.example`;
    const password = 'correct horse battery staple';
    const user = await admin().post('/api/v1/users', { email, role: 'ml-engineer', password });
    expect(user.status).toBe(201);
    expect(JSON.stringify(user.body)).not.toContain(password);

    const signIn = (pw: string) =>
      api(h, null).post('/api/v1/auth/sign-in', { email, password: pw });
    const session = await signIn(password);
    expect(session.status).toBe(200);
    expect(session.body.token).toMatch(/^alloy_se_/);
    expect((await api(h, session.body.token).get('/api/v1/auth/me')).body).toMatchObject({
      kind: 'user',
      name: `user:${email}`,
      role: 'ml-engineer',
    });
    const rotated = await api(h, session.body.token).post('/api/v1/auth/refresh');
    expect(rotated.status).toBe(200);
    expect((await api(h, session.body.token).get('/api/v1/models')).status).toBe(401);
    expect((await api(h, rotated.body.token).get('/api/v1/models')).status).toBe(200);
    expect((await api(h, rotated.body.token).post('/api/v1/auth/sign-out')).status).toBe(204);
    expect((await api(h, rotated.body.token).get('/api/v1/models')).status).toBe(401);

    // Five wrong passwords lock the account: even the right one is refused for a while.
    for (let i = 0; i < 5; i += 1) expect((await signIn('wrong password!')).status).toBe(401);
    const locked = await signIn(password);
    expect(locked.status).toBe(401);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    const unknown = await api(h, null).post('/api/v1/auth/sign-in', {
      email: 'nobody@bank.example',
      password,
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');

    const audit = await admin().get(`/api/v1/audit-log?entityId=${user.body.id}`);
    const actions = audit.body.items.map((a: { action: string }) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'user.sign_in', 'user.sign_in.fail']),
    );
    expect(actions.filter((a: string) => a === 'user.sign_in.fail').length).toBe(6);
    expect(JSON.stringify(audit.body)).not.toContain(password);
  });

  it('limits requests per minute per credential, answering 429 with Retry-After', async () => {
    const limited = await startControlPlane({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const key = (await api(limited).post('/api/v1/api-keys', { name: 'limited', role: 'viewer' }))
        .body.token as string;
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push(await api(limited, key).get('/api/v1/domains'));
      const refused = answers.filter((a) => a.status === 429);
      // A fixed window: a minute boundary between the calls may reset it once.
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused[0].body.error.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  it('records the authenticated principal as the audit actor, whatever a header claims', async () => {
    const name = uniqueName('actor');
    const created = (await fetch(`${h.baseUrl}/api/v1/domains`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${adminToken()}`,
        'x-alloy-actor': 'someone-else',
      },
      body: JSON.stringify({ name, displayName: 'Actor' }),
    }).then((r) => r.json())) as { id: string };
    const log = await admin().get(`/api/v1/audit-log?entityId=${created.id}`);
    expect(log.body.items[0].actor).toBe(actorOf());
  });
});
