import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPlugin, generateSigningKeys, packPlugin, signPlugin } from '@alloy/plugin-sdk';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, type Harness, startControlPlane, uniqueName } from './control-plane-harness';
import { waitIngested } from './dataset-fixtures';

const REPO = path.resolve(__dirname, '../../..');

/** A package made by hand, as a careless or hostile publisher would (pack refuses such files). */
async function tarOf(dir: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of tar.c({ gzip: true, cwd: dir }, ['alloy-plugin.json', 'plugin.js']))
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Admin calls in an organisation of the test's own, so no other suite sees its plugins run. */
function orgClient(h: Harness, org: string, token = adminToken()) {
  const call = async (method: string, url: string, body?: unknown, headers = {}) => {
    const response = await fetch(`${h.baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'x-alloy-organization': org,
        ...(Buffer.isBuffer(body) ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', url, body, headers),
    put: (url: string, body: unknown) => call('PUT', url, body),
    delete: (url: string) => call('DELETE', url),
    /** Uploads a package as its bytes. */
    install: (bytes: Buffer, headers: Record<string, string> = {}) =>
      call('POST', '/api/v1/plugins', bytes, { 'content-type': 'application/gzip', ...headers }),
  };
}

async function newOrganization(h: Harness): Promise<string> {
  const org = uniqueName('plugins-org');
  const created = await orgClient(h, 'default').post('/api/v1/organizations', {
    name: org,
    displayName: 'Plugin tests',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return org;
}

describe('plugins in the control plane', () => {
  let h: Harness;
  let work: string;
  let tarball: Buffer;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'alloy-plugin-test-'));
    const built = await buildPlugin(path.join(REPO, 'plugins/finance'), {
      outDir: path.join(work, 'finance'),
    });
    tarball = await readFile((await packPlugin(built.dir, path.join(work, 'finance.tgz'))).file);
    h = await startControlPlane();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('installs a package, keeps its version immutable and lists it with its state', async () => {
    const client = orgClient(h, await newOrganization(h));
    const installed = await client.install(tarball);
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    expect(installed.body).toMatchObject({
      id: 'alloy.finance',
      latestVersion: '1.0.0',
      domains: ['finance'],
      state: 'installed',
      versions: [{ version: '1.0.0', source: 'upload', signedBy: null, platform: false }],
    });
    const again = await client.install(tarball);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PLUGIN_VERSION_EXISTS');

    const list = await client.get('/api/v1/plugins');
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain('alloy.finance');
    const audit = await client.get('/api/v1/audit-log?action=plugin.install');
    expect(audit.body.items[0]).toMatchObject({ entityId: 'alloy.finance@1.0.0' });
  });

  it('refuses broken packages with a message naming what is wrong, and keeps nothing', async () => {
    const org = await newOrganization(h);
    const client = orgClient(h, org);
    const notTar = await client.install(Buffer.from('not a tarball at all'));
    expect(notTar.status).toBe(400);
    expect(notTar.body.error).toMatchObject({ code: 'INVALID_PLUGIN_PACKAGE' });
    expect(notTar.body.error.message).toMatch(/gzipped tarball/);

    // A bundle changed after the build no longer matches the hash its manifest declares.
    const dir = path.join(work, 'tampered');
    await buildPlugin(path.join(REPO, 'plugins/finance'), { outDir: dir });
    await writeFile(path.join(dir, 'plugin.js'), '\n// changed', { flag: 'a' });
    const refused = await client.install(await tarOf(dir));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/sha256/);

    // A manifest that does not validate is refused naming the field.
    const bad = path.join(work, 'bad-manifest');
    await buildPlugin(path.join(REPO, 'plugins/finance'), { outDir: bad });
    const manifest = JSON.parse(await readFile(path.join(bad, 'alloy-plugin.json'), 'utf8'));
    await writeFile(
      path.join(bad, 'alloy-plugin.json'),
      JSON.stringify({ ...manifest, version: 'one' }),
    );
    const badManifest = await client.install(await tarOf(bad));
    expect(badManifest.status).toBe(400);
    expect(badManifest.body.error.code).toBe('INVALID_PLUGIN_MANIFEST');
    expect(badManifest.body.error.message).toMatch(/version/);

    const wrongType = await client.post('/api/v1/plugins', { directory: '/tmp' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toMatch(/content-type/);
    // Nothing of the organisation's own (the platform's installs, if any, are visible to all).
    const own = (await client.get('/api/v1/plugins')).body.items.filter(
      (p: { versions: { platform: boolean }[] }) => p.versions.some((v) => !v.platform),
    );
    expect(own).toEqual([]);
  });

  it('enables per domain with configuration checked against the schema, and disables', async () => {
    const client = orgClient(h, await newOrganization(h));
    expect((await client.install(tarball)).status).toBe(201);
    const wrongDomain = await client.put('/api/v1/plugins/alloy.finance/enablements', {
      scope: 'domain',
      domain: 'medical',
    });
    expect(wrongDomain.status).toBe(400);
    expect(wrongDomain.body.error.code).toBe('PLUGIN_NOT_FOR_DOMAIN');

    const badConfig = await client.put('/api/v1/plugins/alloy.finance/enablements', {
      scope: 'domain',
      domain: 'finance',
      config: { riskDisclosure: 'yes please' },
    });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.error.code).toBe('INVALID_PLUGIN_CONFIG');
    expect(badConfig.body.error.message).toMatch(/riskDisclosure/);

    const missingDomain = await client.put('/api/v1/plugins/alloy.finance/enablements', {
      scope: 'domain',
    });
    expect(missingDomain.status).toBe(400);
    expect(missingDomain.body.error.message).toMatch(/domain/);

    const enabled = await client.put('/api/v1/plugins/alloy.finance/enablements', {
      scope: 'domain',
      domain: 'finance',
      config: { disclosureLanguage: 'en' },
    });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    // Defaults of the schema are filled in.
    expect(enabled.body).toMatchObject({
      scope: 'domain:finance',
      version: '1.0.0',
      config: { disclosureLanguage: 'en', riskDisclosure: true },
    });
    const shown = await client.get('/api/v1/plugins/alloy.finance');
    expect(shown.body.state).toBe('enabled');
    expect(shown.body.enablements).toHaveLength(1);

    const gone = await client.delete(
      `/api/v1/plugins/alloy.finance/enablements/${enabled.body.id}`,
    );
    expect(gone.status).toBe(204);
    expect((await client.get('/api/v1/plugins/alloy.finance')).body.state).toBe('installed');
    expect((await client.get('/api/v1/plugins/alloy.nope')).status).toBe(404);
  });

  it("runs the enabled plugin's dataset.record hook during ingestion", async () => {
    const client = orgClient(h, await newOrganization(h));
    expect((await client.install(tarball)).status).toBe(201);
    const name = uniqueName('fin-corpus');
    expect(
      (await client.post('/api/v1/datasets', { name, kind: 'corpus', domain: 'finance' })).status,
    ).toBe(201);
    const enable = await client.put('/api/v1/plugins/alloy.finance/enablements', {
      scope: 'domain',
      domain: 'finance',
    });
    expect(enable.status).toBe(200);
    const lines = [
      'Shares of $aapl rose 3% on Tuesday after the company reported revenue of US$ 5bn for the quarter, ahead of what analysts had expected from its services business.',
      'Kweichow Moutai 600519.sh closed higher as investors weighed the results of the period and the outlook for premium spirits demand across the country this year.',
    ];
    const upload = await fetch(`${h.baseUrl}/api/v1/datasets/${name}/versions?fileName=c.jsonl`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adminToken()}`,
        'x-alloy-organization': (await client.get('/api/v1/organization')).body.name,
        'content-type': 'application/octet-stream',
      },
      body: lines.map((text) => JSON.stringify({ text })).join('\n'),
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const done = await waitIngested({ get: (url: string) => client.get(url) } as never, name, 1);
    expect(done.status, JSON.stringify(done)).toBe('ready');
    const preview = await client.get(`/api/v1/datasets/${name}/versions/1/preview?limit=5`);
    const texts = preview.body.records.map((r: { text: string }) => r.text).join('\n');
    expect(texts).toContain('AAPL');
    expect(texts).not.toContain('$aapl');
    expect(texts).toContain('600519.SH');
    expect(texts).toContain('5 billion');
  });

  it("gives a new organisation the platform's domain enablements of the plugins it installed for all", async () => {
    const platform = orgClient(h, 'default');
    const installed = await platform.install(tarball);
    expect([201, 409]).toContain(installed.status);
    const enabled = await platform.put('/api/v1/plugins/alloy.finance/enablements', {
      scope: 'domain',
      domain: 'finance',
      config: { disclosureLanguage: 'zh' },
    });
    expect(enabled.status).toBe(200);
    try {
      const tenant = orgClient(h, await newOrganization(h));
      const seen = await tenant.get('/api/v1/plugins/alloy.finance');
      expect(seen.body).toMatchObject({
        state: 'enabled',
        versions: [{ version: '1.0.0', platform: true }],
        enablements: [{ scope: 'domain:finance', config: { disclosureLanguage: 'zh' } }],
      });
      // Its own from then on: disabling it there leaves the platform's untouched.
      const own = seen.body.enablements[0].id as string;
      expect((await tenant.delete(`/api/v1/plugins/alloy.finance/enablements/${own}`)).status).toBe(
        204,
      );
      expect((await platform.get('/api/v1/plugins/alloy.finance')).body.state).toBe('enabled');
    } finally {
      // Other suites use the default organisation's finance models: leave them without plugins.
      await platform.delete(`/api/v1/plugins/alloy.finance/enablements/${enabled.body.id}`);
    }
  });

  it('lets viewers see plugins but only admins install or enable them', async () => {
    const org = await newOrganization(h);
    const admin = orgClient(h, org);
    const key = await admin.post('/api/v1/api-keys', { name: 'viewer', role: 'viewer' });
    expect(key.status).toBe(201);
    const viewer = orgClient(h, org, key.body.token);
    expect((await viewer.get('/api/v1/plugins')).status).toBe(200);
    expect((await viewer.install(tarball)).status).toBe(403);
    expect(
      (await viewer.put('/api/v1/plugins/alloy.finance/enablements', { scope: 'organization' }))
        .status,
    ).toBe(403);
  });
});

describe('plugins on an installation with trusted publisher keys', () => {
  let h: Harness;
  let tarball: Buffer;
  const publisher = generateSigningKeys();
  const stranger = generateSigningKeys();

  beforeAll(async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'alloy-plugin-signed-'));
    const keyFile = path.join(work, 'publisher.pub.pem');
    await writeFile(keyFile, publisher.publicKeyPem);
    const built = await buildPlugin(path.join(REPO, 'plugins/finance'), {
      outDir: path.join(work, 'finance'),
    });
    tarball = await readFile((await packPlugin(built.dir, path.join(work, 'f.tgz'))).file);
    h = await startControlPlane({ PLUGIN_TRUSTED_KEYS: keyFile });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('installs only packages signed by a trusted key', async () => {
    const client = orgClient(h, await newOrganization(h));
    const unsigned = await client.install(tarball);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.code).toBe('PLUGIN_SIGNATURE_REQUIRED');

    const strangers = await client.install(tarball, {
      'x-alloy-signature': signPlugin(tarball, stranger.privateKeyPem),
    });
    expect(strangers.status).toBe(400);
    expect(strangers.body.error.code).toBe('PLUGIN_SIGNATURE_INVALID');

    const tampered = Buffer.from(tarball);
    tampered[tampered.length - 5] ^= 0xff;
    const changed = await client.install(tampered, {
      'x-alloy-signature': signPlugin(tarball, publisher.privateKeyPem),
    });
    expect(changed.status).toBe(400);
    expect(changed.body.error.code).toBe('PLUGIN_SIGNATURE_INVALID');

    const signed = await client.install(tarball, {
      'x-alloy-signature': signPlugin(tarball, publisher.privateKeyPem),
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body.versions[0].signedBy).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
