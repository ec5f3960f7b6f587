import { randomUUID } from 'node:crypto';
import { InferenceAuditEntity } from '@alloy/db';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceAuditRetention } from '../src/inference-audit/inference-audit-retention';
import { api, type Harness, startControlPlane, uniqueName } from './control-plane-harness';

const DAY = 86_400_000;

describe('inference audit over REST', () => {
  let h: Harness;
  let orgId: string;
  let model: string;
  const key = uniqueName('k').slice(-16);
  const otherKey = uniqueName('o').slice(-16);

  /** What a model server writes for one request. */
  const row = (overrides: Partial<InferenceAuditEntity>): Partial<InferenceAuditEntity> => ({
    organizationId: orgId,
    credentialId: key,
    model,
    version: 1,
    versionId: randomUUID(),
    surface: 'rest',
    stream: false,
    promptTokens: 7,
    completionTokens: 5,
    latencyMs: 12,
    statusCode: 200,
    outcome: 'ok',
    decision: 'allowed',
    createdAt: new Date(),
    ...overrides,
  });

  const insert = (rows: Partial<InferenceAuditEntity>[]) =>
    h.app.get(DataSource).getRepository(InferenceAuditEntity).insert(rows);

  beforeAll(async () => {
    h = await startControlPlane();
    const me = await api(h).get('/api/v1/auth/me');
    orgId = me.body.organizationId;
    expect(orgId).toBeTruthy();
    model = uniqueName('audited');
    const now = Date.now();
    await insert([
      row({ createdAt: new Date(now - 3000) }),
      row({ createdAt: new Date(now - 2000), surface: 'openai', stream: true }),
      row({
        createdAt: new Date(now - 1000),
        credentialId: otherKey,
        statusCode: 403,
        outcome: 'FORBIDDEN',
        decision: 'refused:FORBIDDEN',
        promptTokens: null,
        completionTokens: null,
      }),
      // another tenant's request for a model of the same name
      row({ organizationId: randomUUID(), createdAt: new Date(now) }),
    ]);
  });

  afterAll(async () => {
    await h?.close();
  });

  it("lists the organisation's requests newest first, by model, key and time, a page at a time", async () => {
    const all = await api(h).get(`/api/v1/inference-audit?model=${model}`);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(3);
    expect(all.body.items[0]).toMatchObject({
      apiKeyId: otherKey,
      model,
      statusCode: 403,
      decision: 'refused:FORBIDDEN',
      prompt: null,
      output: null,
    });
    expect(all.body.items.map((i: { surface: string }) => i.surface)).toEqual([
      'rest',
      'openai',
      'rest',
    ]);
    expect(all.body.items[2]).toMatchObject({
      apiKeyId: key,
      version: 1,
      promptTokens: 7,
      completionTokens: 5,
      latencyMs: 12,
      outcome: 'ok',
    });

    const byKey = await api(h).get(`/api/v1/inference-audit?model=${model}&apiKeyId=${key}`);
    expect(byKey.body.items).toHaveLength(2);
    const since = new Date(Date.now() - 2500).toISOString();
    const recent = await api(h).get(`/api/v1/inference-audit?model=${model}&since=${since}`);
    expect(recent.body.items).toHaveLength(2);

    const first = await api(h).get(`/api/v1/inference-audit?model=${model}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api(h).get(
      `/api/v1/inference-audit?model=${model}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([all.body.items[2].id]);
    expect(second.body.nextCursor).toBeNull();

    expect((await api(h).get('/api/v1/inference-audit?since=yesterday')).status).toBe(400);
    expect((await api(h).get('/api/v1/inference-audit?prompt=x')).status).toBe(400);
  });

  it('is read by admins and viewers, not by partner developers or without a key', async () => {
    const created = async (role: string) =>
      (await api(h).post('/api/v1/api-keys', { name: `audit ${role}`, role })).body.token as string;
    expect((await api(h, await created('viewer')).get('/api/v1/inference-audit')).status).toBe(200);
    expect(
      (await api(h, await created('partner-developer')).get('/api/v1/inference-audit')).status,
    ).toBe(403);
    expect((await api(h, null).get('/api/v1/inference-audit')).status).toBe(401);
  });

  it('deletes rows older than INFERENCE_AUDIT_RETENTION_DAYS (30 by default)', async () => {
    const old = uniqueName('old-audited');
    const now = Date.now();
    await insert([
      row({ model: old, createdAt: new Date(now - 31 * DAY) }),
      row({ model: old, createdAt: new Date(now - 29 * DAY) }),
    ]);
    expect(await h.app.get(InferenceAuditRetention).sweep()).toBeGreaterThanOrEqual(1);
    const left = await api(h).get(`/api/v1/inference-audit?model=${old}`);
    expect(left.body.items.map((i: { createdAt: string }) => i.createdAt)).toEqual([
      new Date(now - 29 * DAY).toISOString(),
    ]);
  });
});
