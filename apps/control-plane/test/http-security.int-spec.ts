import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, type Harness, startControlPlane, uniqueName } from './control-plane-harness';

const PARTNER = 'https://console.partner.example';
const EVIL = 'https://evil.example';

describe('HTTP security of the control plane', () => {
  let h: Harness;
  let withCors: Harness;

  beforeAll(async () => {
    h = await startControlPlane();
    withCors = await startControlPlane({ CORS_ORIGINS: PARTNER });
  });

  afterAll(async () => {
    await h?.close();
    await withCors?.close();
  });

  /** As the suites' admin: the refusal comes before authentication, the uploads after it. */
  const send = (target: Harness, url: string, init: RequestInit) =>
    fetch(`${target.baseUrl}${url}`, {
      ...init,
      headers: { ...bearer(), ...init.headers },
    });

  it('sends security headers, with a content security policy that allows nothing on the API', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves Swagger UI under a policy that lets its own scripts and styles run', async () => {
    const page = await fetch(`${h.baseUrl}/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(csp).toMatch(/img-src 'self' data:/);
    expect(csp).not.toMatch(/upgrade-insecure-requests|unsafe-eval/);
    const html = await page.text();
    // every script the page runs comes from /docs itself, which script-src 'self' allows
    const scripts = [...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim(), 'no inline script').toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes)?.[1] ?? '';
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const asset = await fetch(new URL(src, `${h.baseUrl}/docs`));
      expect(asset.status, src).toBe(200);
    }
    const spec = await fetch(`${h.baseUrl}/docs/openapi.json`);
    expect(spec.status).toBe(200);
    expect(((await spec.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('sends no CORS headers by default, even to a preflight', async () => {
    const get = await send(h, '/api/v1/domains', { headers: { origin: PARTNER } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${h.baseUrl}/api/v1/models`, {
      method: 'OPTIONS',
      headers: {
        origin: PARTNER,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows a configured origin, and only that one', async () => {
    const preflight = await fetch(`${withCors.baseUrl}/api/v1/models`, {
      method: 'OPTIONS',
      headers: {
        origin: PARTNER,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await send(withCors, '/api/v1/domains', { headers: { origin: EVIL } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a cross-site form post with the error body', async () => {
    const browsers: Record<string, string>[] = [
      { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      { origin: EVIL }, // a browser too old to send Sec-Fetch-Site
    ];
    for (const headers of browsers) {
      const res = await send(h, '/api/v1/models', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=planted&domain=finance&baseModel=x',
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        error: {
          code: 'CROSS_SITE_REQUEST_REFUSED',
          message: expect.stringContaining(EVIL) as string,
          details: null,
        },
      });
    }
    // the allowed origin's pages may post forms
    const allowed = await send(withCors, '/api/v1/models', {
      method: 'POST',
      headers: { origin: PARTNER, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(allowed.status).not.toBe(403);
  });

  it('refuses a cross-site multipart upload and stores nothing, but takes the CLI uploads', async () => {
    const name = uniqueName('ds-xsite');
    const created = await api(h).post('/api/v1/datasets', {
      name,
      kind: 'corpus',
      domain: 'finance',
    });
    expect(created.status).toBe(201);
    const versions = `/api/v1/datasets/${name}/versions`;
    const form = new FormData();
    form.append('file', new Blob(['{"text": "planted"}\n']), 'corpus.jsonl');
    const refused = await send(h, versions, {
      method: 'POST',
      headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      body: form,
    });
    expect(refused.status).toBe(403);
    expect((await api(h).get(versions)).body.items).toEqual([]);

    // curl --data-binary and a multipart form from a script: no Origin, no Sec-Fetch-Site
    const octet = await send(h, `${versions}?fileName=corpus.jsonl`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: '{"text": "Credit risk is the chance a borrower does not repay."}\n',
    });
    expect(octet.status).toBe(201);
    const multipart = new FormData();
    multipart.append('file', new Blob(['{"text": "Liquidity is cash at hand."}\n']), 'more.jsonl');
    const cli = await send(h, versions, { method: 'POST', body: multipart });
    expect(cli.status).toBe(201);
  });
});
