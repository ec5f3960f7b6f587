import { DEPLOYMENTS_CHANNEL } from '@alloy/db';
import { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  api,
  type Harness,
  startControlPlane,
  uniqueName,
  writeHfModel,
  actorOf,
} from '../../test/control-plane-harness';
import { relaxPromotionGate } from '../../test/registry-fixtures';

type Client = ReturnType<typeof api>;
const split = (body: { traffic: { version: number; weight: number }[] }): number[][] =>
  body.traffic.map((s) => [s.version, s.weight]);

describe('deployments', () => {
  // These suites move aliases; the promotion gate has its own suite (evaluations.int-spec.ts).
  let restoreGate: (() => Promise<void>) | undefined;
  let h: Harness;
  let client: Client;
  let model: string;

  beforeAll(async () => {
    h = await startControlPlane();
    restoreGate = await relaxPromotionGate(h);
    client = api(h);
    const base = uniqueName('dep-base');
    await client.post('/api/v1/base-models', {
      name: base,
      path: (await writeHfModel(h, `b/${base}`)).key,
    });
    model = uniqueName('dep-model');
    await client.post('/api/v1/models', { name: model, domain: 'finance', baseModel: base });
    const artifact = (await writeHfModel(h, `m/${model}`)).key;
    for (const status of ['ready', 'ready', 'ready', 'registered']) {
      const v = await client.post(`/api/v1/models/${model}/versions`, {
        artifactPath: artifact,
        status,
      });
      expect(v.status).toBe(201);
    }
  });

  afterAll(async () => {
    await restoreGate?.();
    await h?.close();
  });

  it('creates, splits, promotes and rolls back, keeping every revision', async () => {
    const name = uniqueName('dep');
    const created = await client.post('/api/v1/deployments', {
      name,
      model,
      traffic: [{ version: 1, weight: 100 }],
    });
    expect(created.status).toBe(201);
    expect(created.body.currentRevision).toBe(1);
    expect(split(created.body)).toEqual([[1, 100]]);

    const canary = await client.put(`/api/v1/deployments/${name}/traffic`, {
      traffic: [
        { version: 1, weight: 90 },
        { version: 2, weight: 10 },
      ],
    });
    expect(canary.status).toBe(200);
    expect(canary.body.currentRevision).toBe(2);
    expect(split(canary.body)).toEqual([
      [1, 90],
      [2, 10],
    ]);

    const promoted = await client.post(`/api/v1/deployments/${name}/promote`, { version: 2 });
    expect(promoted.status).toBe(200);
    expect(promoted.body.currentRevision).toBe(3);
    expect(split(promoted.body)).toEqual([[2, 100]]);
    const aliases = await client.get(`/api/v1/models/${model}/aliases`);
    expect(aliases.body.items).toContainEqual(
      expect.objectContaining({ alias: 'production', version: 2 }),
    );

    const back = await client.post(`/api/v1/deployments/${name}/rollback`);
    expect(back.status).toBe(200);
    expect(back.body.currentRevision).toBe(4);
    expect(back.body.revisions[0]).toMatchObject({ action: 'rollback', restoredRevision: 2 });
    expect(split(back.body)).toEqual([
      [1, 90],
      [2, 10],
    ]);

    const further = await client.post(`/api/v1/deployments/${name}/rollback`);
    expect(split(further.body)).toEqual([[1, 100]]);
    const none = await client.post(`/api/v1/deployments/${name}/rollback`);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('NOTHING_TO_ROLL_BACK');

    const got = await client.get(`/api/v1/deployments/${name}`);
    expect(got.body.revisions.map((r: { revision: number }) => r.revision)).toEqual([
      5, 4, 3, 2, 1,
    ]);
    expect(got.body.revisions.every((r: { createdBy: string }) => r.createdBy === actorOf())).toBe(
      true,
    );
    const listed = await client.get(`/api/v1/deployments?model=${model}`);
    expect(listed.body.items.map((d: { name: string }) => d.name)).toContain(name);
    const audit = await client.get(
      `/api/v1/audit-log?entityType=deployment&entityId=${got.body.id}`,
    );
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual(
      [
        'deployment.create',
        'deployment.promote',
        'deployment.rollback',
        'deployment.rollback',
        'deployment.split',
      ].sort(),
    );
  });

  it('announces each committed change on the deployments channel', async () => {
    const listener = new PgClient({ connectionString: inject('databaseUrl') });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (m) => heard.push(`${m.channel}:${m.payload}`));
    await listener.query(`LISTEN ${DEPLOYMENTS_CHANNEL}`);
    try {
      const name = uniqueName('dep-notify');
      await client.post('/api/v1/deployments', {
        name,
        model,
        traffic: [{ version: 1, weight: 100 }],
      });
      await client.put(`/api/v1/deployments/${name}/traffic`, {
        traffic: [{ version: 2, weight: 100 }],
      });
      // A refused change commits nothing and announces nothing.
      await client.put(`/api/v1/deployments/${name}/traffic`, {
        traffic: [{ version: 4, weight: 100 }],
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toEqual([`${DEPLOYMENTS_CHANNEL}:${name}`, `${DEPLOYMENTS_CHANNEL}:${name}`]);
    } finally {
      await listener.end();
    }
  });

  it('rejects bad splits with 4xx bodies naming the field', async () => {
    const name = uniqueName('dep-bad');
    const sum = await client.post('/api/v1/deployments', {
      name,
      model,
      traffic: [
        { version: 1, weight: 50 },
        { version: 2, weight: 40 },
      ],
    });
    expect(sum.status).toBe(400);
    expect(sum.body.error.details).toContainEqual(expect.objectContaining({ field: 'traffic' }));
    const weight = await client.post('/api/v1/deployments', {
      name,
      model,
      traffic: [{ version: 1, weight: 101 }],
    });
    expect(weight.status).toBe(400);
    expect(weight.body.error.details[0].field).toBe('traffic.0.weight');
    const notReady = await client.post('/api/v1/deployments', {
      name,
      model,
      traffic: [{ version: 4, weight: 100 }],
    });
    expect(notReady.status).toBe(409);
    expect(notReady.body.error.code).toBe('VERSION_NOT_READY');
    const unknown = await client.post('/api/v1/deployments', {
      name,
      model,
      traffic: [{ version: 99, weight: 100 }],
    });
    expect(unknown.status).toBe(404);
    expect((await client.get(`/api/v1/deployments/${name}`)).status).toBe(404);
    const ok = await client.post('/api/v1/deployments', {
      name,
      model,
      traffic: [{ version: 3, weight: 100 }],
    });
    expect(ok.status).toBe(201);
    const dup = await client.post('/api/v1/deployments', {
      name,
      model,
      traffic: [{ version: 3, weight: 100 }],
    });
    expect(dup.status).toBe(409);
  });
});
