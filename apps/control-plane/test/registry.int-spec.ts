import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type Harness,
  startControlPlane,
  uniqueName,
  writeHfModel,
  actorOf,
  bearer,
} from './control-plane-harness';
import { relaxPromotionGate } from './registry-fixtures';

describe('registry over REST', () => {
  // These suites move aliases; the promotion gate has its own suite (evaluations.int-spec.ts).
  let restoreGate: (() => Promise<void>) | undefined;
  let h: Harness;
  let client: ReturnType<typeof api>;
  let base: string;
  let expectedParameters: number;

  beforeAll(async () => {
    h = await startControlPlane();
    restoreGate = await relaxPromotionGate(h);
    client = api(h);
    base = uniqueName('tiny');
    const written = await writeHfModel(h, `base-models/${base}`);
    expectedParameters = written.parameterCount;
    const res = await client.post('/api/v1/base-models', {
      name: base,
      path: written.key,
      description: 'tiny test model',
    });
    expect(res.status).toBe(201);
  });

  afterAll(async () => {
    await restoreGate?.();
    await h?.close();
  });

  it('serves the seeded domains and creates new ones', async () => {
    const list = await client.get('/api/v1/domains');
    expect(list.status).toBe(200);
    const names = list.body.items.map((d: { name: string }) => d.name);
    expect(names).toEqual(expect.arrayContaining(['finance', 'medical', 'education']));
    expect(list.body.items.find((d: { name: string }) => d.name === 'medical').description).toMatch(
      /clinical/i,
    );

    const name = uniqueName('legal');
    const created = await client.post('/api/v1/domains', { name, displayName: 'Legal' });
    expect(created.status).toBe(201);
    expect((await client.get(`/api/v1/domains/${name}`)).body.displayName).toBe('Legal');
  });

  it('registers a base model from its directory with parameter count, context, tokenizer and sha256s', async () => {
    const res = await client.get(`/api/v1/base-models/${base}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      architecture: 'LlamaForCausalLM',
      parameterCount: expectedParameters,
      contextLength: 128,
      tokenizer: { type: 'BPE', vocabSize: 4, hasChatTemplate: true },
    });
    expect(res.body.files.map((f: { path: string }) => f.path)).toEqual([
      'config.json',
      'model.safetensors',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    for (const file of res.body.files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects an unknown architecture with a message that names it', async () => {
    const written = await writeHfModel(h, `base-models/${uniqueName('bert')}`, {
      architectures: ['BertForMaskedLM'],
    });
    const res = await client.post('/api/v1/base-models', {
      name: uniqueName('bert'),
      path: written.key,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UNSUPPORTED_ARCHITECTURE');
    expect(res.body.error.message).toContain('BertForMaskedLM');
    expect(res.body.error.message).toContain('LlamaForCausalLM');
  });

  it('refuses at registration what the model server would not reproduce, naming the field', async () => {
    const cases = [
      [{ rope_scaling: { rope_type: 'yarn', factor: 4 } }, 'rope_scaling.rope_type', /yarn/],
      [{ model_type: 'mistral', sliding_window: 64 }, 'sliding_window', /sliding-window/],
    ] as const;
    for (const [config, field, message] of cases) {
      const written = await writeHfModel(h, `base-models/${uniqueName('feature')}`, config);
      const res = await client.post('/api/v1/base-models', {
        name: uniqueName('feature'),
        path: written.key,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.details).toMatchObject({ field });
    }
    // a LLaMA 3 style scaling is served, so it registers
    const llama3 = await writeHfModel(h, `base-models/${uniqueName('llama3')}`, {
      rope_scaling: {
        rope_type: 'llama3',
        factor: 8,
        low_freq_factor: 1,
        high_freq_factor: 4,
        original_max_position_embeddings: 64,
      },
    });
    const res = await client.post('/api/v1/base-models', {
      name: uniqueName('llama3'),
      path: llama3.key,
    });
    expect(res.status).toBe(201);
  });

  it('keeps lineage across versions and answers ancestors and descendants', async () => {
    const model = uniqueName('fin-advisor');
    expect(
      (await client.post('/api/v1/models', { name: model, domain: 'finance', baseModel: base }))
        .status,
    ).toBe(201);
    const artifact = (await writeHfModel(h, `models/${model}/run-1`)).key;
    const v1 = await client.post(`/api/v1/models/${model}/versions`, {
      artifactPath: artifact,
      status: 'ready',
    });
    expect(v1.status).toBe(201);
    expect(v1.body.version).toBe(1);
    const v2 = await client.post(`/api/v1/models/${model}/versions`, {
      artifactPath: artifact,
      parentVersionId: v1.body.id,
      metrics: { evalLoss: 2.5 },
      hyperparameters: { method: 'lora', rank: 8 },
    });
    const v3 = await client.post(`/api/v1/models/${model}/versions`, {
      artifactPath: artifact,
      parentVersionId: v2.body.id,
    });
    const v2b = await client.post(`/api/v1/models/${model}/versions`, {
      artifactPath: artifact,
      parentVersionId: v1.body.id,
    });
    expect([v2.body.version, v3.body.version, v2b.body.version]).toEqual([2, 3, 4]);
    expect(v2.body.files.length).toBe(4);

    const lineage = await client.get(`/api/v1/model-versions/${v3.body.id}/lineage`);
    expect(lineage.status).toBe(200);
    expect(lineage.body.ancestors.map((n: { version: number }) => n.version)).toEqual([2, 1]);
    expect(lineage.body.descendants).toEqual([]);

    const fromRoot = await client.get(`/api/v1/model-versions/${v1.body.id}/lineage`);
    expect(fromRoot.body.ancestors).toEqual([]);
    expect(
      fromRoot.body.descendants.map((n: { version: number; depth: number }) => [
        n.version,
        n.depth,
      ]),
    ).toEqual([
      [2, 1],
      [4, 1],
      [3, 2],
    ]);
  });

  it('lists versions with cursor pagination, filters and sorting', async () => {
    const model = uniqueName('med-scribe');
    await client.post('/api/v1/models', { name: model, domain: 'medical', baseModel: base });
    const artifact = (await writeHfModel(h, `models/${model}/run`)).key;
    for (let i = 0; i < 5; i += 1) {
      await client.post(`/api/v1/models/${model}/versions`, {
        artifactPath: artifact,
        status: i % 2 ? 'ready' : 'registered',
      });
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2&sort=version&order=asc${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await client.get(`/api/v1/models/${model}/versions${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((v: { version: number }) => v.version));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([1, 2, 3, 4, 5]);

    const ready = await client.get(
      `/api/v1/model-versions?model=${model}&status=ready&sort=version&order=desc`,
    );
    expect(ready.body.items.map((v: { version: number }) => v.version)).toEqual([4, 2]);
    const byDomain = await client.get(`/api/v1/model-versions?domain=education&model=${model}`);
    expect(byDomain.body.items).toEqual([]);
    const byBase = await client.get(`/api/v1/model-versions?base=${base}&model=${model}&limit=100`);
    expect(byBase.body.items).toHaveLength(5);

    const models = await client.get(
      `/api/v1/models?domain=medical&base=${base}&sort=name&order=asc`,
    );
    expect(models.body.items.map((m: { name: string }) => m.name)).toContain(model);
  });

  it('lists each model with its highest-numbered version and the aliases on it', async () => {
    const withVersions = uniqueName('fin-latest');
    const without = uniqueName('fin-empty');
    for (const name of [withVersions, without]) {
      const created = await client.post('/api/v1/models', {
        name,
        domain: 'finance',
        baseModel: base,
      });
      expect(created.status).toBe(201);
      expect(created.body.latestVersion).toBeNull();
    }
    const artifact = (await writeHfModel(h, `models/${withVersions}/run`)).key;
    await client.post(`/api/v1/models/${withVersions}/versions`, {
      artifactPath: artifact,
      status: 'ready',
    });
    await client.post(`/api/v1/models/${withVersions}/versions`, { artifactPath: artifact });
    for (const [alias, version] of [
      ['legacy', 1],
      ['staging', 2],
      ['production', 2],
    ] as const) {
      expect(
        (await client.put(`/api/v1/models/${withVersions}/aliases/${alias}`, { version })).status,
      ).toBe(200);
    }

    const list = await client.get(`/api/v1/models?domain=finance&base=${base}&limit=100`);
    expect(list.status).toBe(200);
    const row = (name: string) =>
      list.body.items.find((m: { name: string }) => m.name === name) as {
        latestVersion: unknown;
      };
    const latest = { version: 2, status: 'registered', aliases: ['production', 'staging'] };
    expect(row(withVersions).latestVersion).toEqual(latest);
    expect(row(without).latestVersion).toBeNull();
    expect((await client.get(`/api/v1/models/${withVersions}`)).body.latestVersion).toEqual(latest);
    expect((await client.get(`/api/v1/models/${without}`)).body.latestVersion).toBeNull();
  });

  it('archives a version and a model, and an archived model takes no new versions', async () => {
    const model = uniqueName('edu-tutor');
    await client.post('/api/v1/models', { name: model, domain: 'education', baseModel: base });
    const artifact = (await writeHfModel(h, `models/${model}/run`)).key;
    const v1 = await client.post(`/api/v1/models/${model}/versions`, { artifactPath: artifact });
    const archived = await client.post(`/api/v1/model-versions/${v1.body.id}/archive`);
    expect(archived.body.status).toBe('archived');
    expect((await client.post(`/api/v1/models/${model}/archive`)).body.archivedAt).toBeTruthy();
    const refused = await client.post(`/api/v1/models/${model}/versions`, {
      artifactPath: artifact,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('MODEL_ARCHIVED');
  });

  it('writes an audit row for every mutation, with who and before/after', async () => {
    const name = uniqueName('audit');
    const created = await api(h).post('/api/v1/domains', { name, displayName: 'Audited' });
    const log = await client.get(`/api/v1/audit-log?entityType=domain&entityId=${created.body.id}`);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({
      actor: actorOf(),
      action: 'domain.create',
      before: null,
    });
    expect(log.body.items[0].after.name).toBe(name);
    expect(log.body.items[0].requestId).toBeTruthy();
  });

  it('serves Swagger UI, the OpenAPI document, health, readiness and metrics', async () => {
    const doc = await client.get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/domains',
        '/api/v1/models/{name}/versions',
        '/api/v1/model-versions/{id}/lineage',
      ]),
    );
    const ui = await fetch(`${h.baseUrl}/docs`);
    expect(await ui.text()).toContain('swagger-ui');
    expect((await client.get('/healthz')).body.status).toBe('ok');
    expect((await client.get('/readyz')).body).toMatchObject({
      status: 'ok',
      checks: { postgres: { status: 'ok' }, redis: { status: 'ok' } },
    });
    const metrics = await fetch(`${h.baseUrl}/metrics`, { headers: bearer() });
    expect(await metrics.text()).toContain('alloy_http_request_duration_seconds_bucket');
  });
});
