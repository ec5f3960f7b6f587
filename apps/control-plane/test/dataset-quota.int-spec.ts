import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, type Harness, startControlPlane, uniqueName } from './control-plane-harness';

describe('dataset uploads per organisation', () => {
  let h: Harness;
  let org: string;

  /** A call as the platform admin acting in the test's own organisation. */
  const inOrg = (method: string, url: string, body: string, type = 'application/json') =>
    fetch(`${h.baseUrl}${url}`, {
      method,
      headers: {
        'content-type': type,
        authorization: `Bearer ${adminToken()}`,
        'x-alloy-organization': org,
      },
      body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));

  beforeAll(async () => {
    h = await startControlPlane({ DATASET_ORG_QUOTA: '1kb' });
    org = uniqueName('quota-org');
    const created = await fetch(`${h.baseUrl}/api/v1/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken()}` },
      body: JSON.stringify({ name: org, displayName: 'Quota' }),
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('refuses an upload past the quota with 413 naming it, and stores nothing for it', async () => {
    const name = uniqueName('small');
    const made = await inOrg(
      'POST',
      '/api/v1/datasets',
      JSON.stringify({ name, kind: 'corpus', domain: 'finance' }),
    );
    expect(made.status).toBe(201);
    // Exactly the quota (1 KiB): the first upload fits, and then nothing is left.
    const line = (text: string) => `${JSON.stringify({ text })}\n`;
    const lines = Array.from({ length: 5 }, (_, i) =>
      line(`interest rate swap number ${i} settles in ten business days`),
    ).join('');
    const last = line('a'.repeat(1024 - Buffer.byteLength(lines) - Buffer.byteLength(line(''))));
    const file = lines + last;
    expect(Buffer.byteLength(file)).toBe(1024);
    const upload = () =>
      inOrg(
        'POST',
        `/api/v1/datasets/${name}/versions?fileName=corpus.jsonl`,
        file,
        'application/octet-stream',
      );
    expect((await upload()).status).toBe(201);
    const refused = await upload();
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('ORGANIZATION_QUOTA_EXCEEDED');
    expect(refused.body.error.message).toMatch(/DATASET_ORG_QUOTA/);
    const versions = await fetch(`${h.baseUrl}/api/v1/datasets/${name}/versions`, {
      headers: { authorization: `Bearer ${adminToken()}`, 'x-alloy-organization': org },
    }).then((r) => r.json() as Promise<{ items: unknown[] }>);
    expect(versions.items).toHaveLength(1);
  });
});
