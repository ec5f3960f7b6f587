import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArtifactRoot, type ServerHarness, startModelServer } from './model-server-harness';

const PARTNER = 'https://chat.partner.example';
const EVIL = 'https://evil.example';
const CHAT = '/v1/chat/completions';

describe('HTTP security of the model server', () => {
  let server: ServerHarness;
  let withCors: ServerHarness;

  beforeAll(async () => {
    const artifactRoot = await makeArtifactRoot();
    server = await startModelServer(artifactRoot);
    withCors = await startModelServer(artifactRoot, { CORS_ORIGINS: PARTNER });
  });

  afterAll(async () => {
    await server?.close();
    await withCors?.close();
  });

  const preflight = (target: ServerHarness) =>
    fetch(`${target.baseUrl}${CHAT}`, {
      method: 'OPTIONS',
      headers: {
        origin: PARTNER,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });

  it('sends security headers', async () => {
    const res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('sends no CORS headers by default, and allows a configured origin', async () => {
    expect((await preflight(server)).headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await preflight(withCors);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });

  it('refuses a cross-site text/plain post with the error body, and leaves other callers alone', async () => {
    const body = JSON.stringify({
      model: 'nothing-here',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const refused = await fetch(`${server.baseUrl}${CHAT}`, {
      method: 'POST',
      headers: { origin: EVIL, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      body,
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: {
        code: 'CROSS_SITE_REQUEST_REFUSED',
        message: expect.stringContaining(EVIL) as string,
      },
    });
    // an SDK or curl: JSON without Origin reaches the route (and learns the model is unknown)
    const sdk = await fetch(`${server.baseUrl}${CHAT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(sdk.status).not.toBe(403);
  });
});
