import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  api,
  type Harness,
  startControlPlane,
  uniqueName,
  writeHfModel,
} from './control-plane-harness';
import { relaxPromotionGate } from './registry-fixtures';

describe('aliases', () => {
  // These suites move aliases; the promotion gate has its own suite (evaluations.int-spec.ts).
  let restoreGate: (() => Promise<void>) | undefined;
  let h: Harness;
  let client: ReturnType<typeof api>;
  let model: string;
  let versionIds: string[];

  beforeAll(async () => {
    h = await startControlPlane({ DATABASE_POOL_SIZE: '20' });
    restoreGate = await relaxPromotionGate(h);
    client = api(h);
    const base = uniqueName('base');
    await client.post('/api/v1/base-models', {
      name: base,
      path: (await writeHfModel(h, `b/${base}`)).key,
    });
    model = uniqueName('alias-model');
    await client.post('/api/v1/models', { name: model, domain: 'finance', baseModel: base });
    const artifact = (await writeHfModel(h, `m/${model}`)).key;
    versionIds = [];
    for (let i = 0; i < 6; i += 1) {
      const v = await client.post(`/api/v1/models/${model}/versions`, {
        artifactPath: artifact,
        status: 'ready',
      });
      versionIds.push(v.body.id);
    }
  });

  afterAll(async () => {
    await restoreGate?.();
    await h?.close();
  });

  it('moves production and staging, and keeps their history', async () => {
    expect(
      (await client.put(`/api/v1/models/${model}/aliases/staging`, { version: 2 })).status,
    ).toBe(200);
    await client.put(`/api/v1/models/${model}/aliases/production`, { version: 1 });
    await client.put(`/api/v1/models/${model}/aliases/production`, { version: 2 });
    const list = await client.get(`/api/v1/models/${model}/aliases`);
    expect(
      list.body.items.map((a: { alias: string; version: number }) => [a.alias, a.version]),
    ).toEqual([
      ['production', 2],
      ['staging', 2],
    ]);
    const v2 = await client.get(`/api/v1/models/${model}/versions/2`);
    expect(v2.body.aliases).toEqual(['production', 'staging']);
    const history = await client.get(`/api/v1/models/${model}/aliases/production/history`);
    expect(
      history.body.items.map((e: { fromVersion: number | null; toVersion: number }) => [
        e.fromVersion,
        e.toVersion,
      ]),
    ).toEqual([
      [null, 1],
      [2 - 1, 2],
    ]);
    expect((await client.delete(`/api/v1/models/${model}/aliases/staging`)).status).toBe(204);
    const stagingHistory = await client.get(`/api/v1/models/${model}/aliases/staging/history`);
    expect(stagingHistory.body.items.at(-1)).toMatchObject({ fromVersion: 2, toVersion: null });
  });

  it('never leaves two versions holding the same alias under concurrent moves', async () => {
    const alias = 'canary';
    const moves = Array.from({ length: 30 }, (_, i) => (i % versionIds.length) + 1);
    const results = await Promise.all(
      moves.map((version) => client.put(`/api/v1/models/${model}/aliases/${alias}`, { version })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);

    const db = new Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    try {
      const rows = await db.query(
        `SELECT a.version_id FROM model_aliases a JOIN models m ON m.id = a.model_id WHERE m.name = $1 AND a.name = $2`,
        [model, alias],
      );
      expect(rows.rowCount).toBe(1);
      // The history is one unbroken chain: each move starts where the previous one ended.
      const events = await db.query(
        `SELECT e.from_version_id, e.to_version_id FROM model_alias_events e JOIN models m ON m.id = e.model_id
         WHERE m.name = $1 AND e.alias = $2 ORDER BY e.seq`,
        [model, alias],
      );
      let previous: string | null = null;
      for (const event of events.rows as {
        from_version_id: string | null;
        to_version_id: string;
      }[]) {
        expect(event.from_version_id).toBe(previous);
        previous = event.to_version_id;
      }
      expect(previous).toBe(rows.rows[0].version_id);
      // Each version shows the alias at most once across the model.
      const holders = await db.query(
        `SELECT count(*)::int AS n FROM model_aliases a JOIN models m ON m.id = a.model_id WHERE m.name = $1 AND a.name = $2`,
        [model, alias],
      );
      expect(holders.rows[0].n).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('refuses to point an alias at an archived version, or to archive a version holding one', async () => {
    await client.put(`/api/v1/models/${model}/aliases/production`, { version: 3 });
    const busy = await client.post(`/api/v1/model-versions/${versionIds[2]}/archive`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('VERSION_HAS_ALIASES');
    await client.delete(`/api/v1/models/${model}/aliases/canary`);
    expect((await client.post(`/api/v1/model-versions/${versionIds[5]}/archive`)).body.status).toBe(
      'archived',
    );
    const refused = await client.put(`/api/v1/models/${model}/aliases/production`, { version: 6 });
    expect(refused.status).toBe(409);
    expect((await client.get(`/api/v1/models/${model}/versions/3`)).body.aliases).toContain(
      'production',
    );
  });
});
