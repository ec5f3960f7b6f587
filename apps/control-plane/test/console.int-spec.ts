import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startControlPlane } from './control-plane-harness';

describe('the console served by the control plane', () => {
  let h: Harness;

  beforeAll(async () => {
    // A build's layout: index.html and hashed assets.
    const dir = await mkdtemp(path.join(tmpdir(), 'alloy-console-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dir, 'assets/index-abc123.js'), 'console.log("app")');
    h = await startControlPlane({
      CONSOLE_DIR: dir,
      CONSOLE_INFERENCE_URL: 'http://localhost:8080',
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers every page of the app with its index, without credentials', async () => {
    for (const page of ['/console', '/console/', '/console/jobs/123', '/console/settings/keys']) {
      const response = await fetch(`${h.baseUrl}${page}`);
      expect(response.status, page).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
      // Its pages may load their own scripts and call the API and the model server, nothing else.
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self' http://localhost:8080");
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('caches hashed assets for good and does not answer a missing one with the index', async () => {
    const asset = await fetch(`${h.baseUrl}/console/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${h.baseUrl}/console/assets/gone.js`)).status).toBe(404);
  });

  it('tells the console where the model server is, and keeps the API closed', async () => {
    const config = await fetch(`${h.baseUrl}/console/config.json`);
    expect(await config.json()).toEqual({ inferenceUrl: 'http://localhost:8080' });
    expect((await fetch(`${h.baseUrl}/api/v1/models`)).status).toBe(401);
    // The API's own answers keep the policy that allows nothing.
    const api = await fetch(`${h.baseUrl}/api/v1/models`);
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
