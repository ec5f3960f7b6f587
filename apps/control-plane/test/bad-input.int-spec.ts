import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  api,
  type Harness,
  startControlPlane,
  uniqueName,
  writeHfModel,
} from './control-plane-harness';

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const db = new Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]
      .n;
  } finally {
    await db.end();
  }
}

describe('bad input', () => {
  let h: Harness;
  let client: ReturnType<typeof api>;
  let base: string;

  beforeAll(async () => {
    h = await startControlPlane({ BODY_LIMIT: '64kb' });
    client = api(h);
    base = uniqueName('base');
    await client.post('/api/v1/base-models', {
      name: base,
      path: (await writeHfModel(h, `b/${base}`)).key,
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers invalid JSON with 400 INVALID_JSON in the one error body', async () => {
    const res = await client.raw('POST', '/api/v1/domains', '{"name": "x",');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 'INVALID_JSON',
        message: expect.stringContaining('not valid JSON'),
        details: null,
      },
    });
  });

  it('rejects unknown fields and wrong types, naming each field', async () => {
    const res = await client.post('/api/v1/models', {
      name: 'ok-name',
      domain: 'finance',
      baseModel: 7,
      color: 'red',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['color', 'baseModel']));
    expect(res.body.error.message).toContain('color: unknown field');

    const nested = await client.get('/api/v1/model-versions?limit=1000&status=shiny');
    expect(nested.status).toBe(400);
    expect(nested.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'limit',
      'status',
    ]);

    const badVersion = await client.get('/api/v1/models/anything/versions/abc');
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error.details[0].field).toBe('version');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await client.post('/api/v1/domains', {
      name: 'big',
      displayName: 'x'.repeat(100 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers duplicate names with 409 and writes nothing more', async () => {
    const name = uniqueName('dup');
    expect(
      (await client.post('/api/v1/models', { name, domain: 'finance', baseModel: base })).status,
    ).toBe(201);
    const before = await count('audit_log');
    const again = await client.post('/api/v1/models', { name, domain: 'medical', baseModel: base });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MODEL_EXISTS');
    expect(await count('audit_log')).toBe(before);
  });

  it('answers unknown ids and names with 404', async () => {
    expect((await client.get('/api/v1/models/no-such-model')).status).toBe(404);
    expect(
      (await client.get('/api/v1/model-versions/7d3f1d7e-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    expect((await client.get('/api/v1/model-versions/not-a-uuid')).status).toBe(404);
    expect((await client.get('/api/v1/domains/atlantis')).body.error.code).toBe('DOMAIN_NOT_FOUND');
    const unknownDomain = await client.post('/api/v1/models', {
      name: uniqueName('m'),
      domain: 'atlantis',
      baseModel: base,
    });
    expect(unknownDomain.status).toBe(404);
  });

  it('leaves no partial state when a request fails half-way', async () => {
    const model = uniqueName('atomic');
    await client.post('/api/v1/models', { name: model, domain: 'finance', baseModel: base });
    const artifact = (await writeHfModel(h, `m/${model}`)).key;
    const [versions, audits] = [await count('model_versions'), await count('audit_log')];
    // The version row would be written before the dataset check fails; the transaction takes it back.
    const res = await client.post(`/api/v1/models/${model}/versions`, {
      artifactPath: artifact,
      datasetVersionIds: ['5b6f6a0e-0000-4000-8000-000000000001'],
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('DATASET_VERSION_NOT_FOUND');
    expect(await count('model_versions')).toBe(versions);
    expect(await count('audit_log')).toBe(audits);
    // The next version still gets number 1.
    expect(
      (await client.post(`/api/v1/models/${model}/versions`, { artifactPath: artifact })).body
        .version,
    ).toBe(1);
  });

  it('refuses artifact paths that leave the artifact store', async () => {
    const res = await client.post('/api/v1/base-models', {
      name: uniqueName('evil'),
      path: '../../etc',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('path');
    const missing = await client.post('/api/v1/base-models', {
      name: uniqueName('gone'),
      path: 'base-models/none',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('ARTIFACT_NOT_FOUND');
  });
});
