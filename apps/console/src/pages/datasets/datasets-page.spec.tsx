import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../api/session-store';
import { SessionProvider } from '../../auth/session-provider';
import { renderWithConsole } from '../../test/render';
import { DatasetsPage } from './datasets-page';

const dataset = (name: string, latest: unknown) => ({
  id: name,
  name,
  kind: 'corpus',
  domain: 'finance',
  description: '',
  latestVersion: (latest as { version: number } | null)?.version ?? null,
  latest,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
});

describe('DatasetsPage', () => {
  let requested: string[] = [];
  beforeEach(() => {
    requested = [];
    sessionStore.setToken('session-token');
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL) => {
        const url =
          typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const path = url.replace(/^https?:\/\/[^/]+/, '');
        requested.push(path);
        const json = (body: unknown) =>
          Promise.resolve(
            new Response(JSON.stringify(body), {
              status: 200,
              headers: { 'content-type': 'application/json' },
            }),
          );
        if (path === '/api/v1/auth/me')
          return json({ id: 'u1', name: 'Ada', platform: false, role: 'viewer' });
        if (path === '/api/v1/domains') return json({ items: [] });
        if (path === '/api/v1/datasets/fin-new')
          return json(dataset('fin-new', { version: 1, status: 'ready', recordCount: 7 }));
        if (path.startsWith('/api/v1/datasets?'))
          return json({
            items: [
              dataset('fin-corpus', { version: 2, status: 'ready', recordCount: 1234 }),
              dataset('fin-new', { version: 1, status: 'processing', recordCount: null }),
              dataset('fin-empty', null),
            ],
            nextCursor: null,
          });
        return json({});
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.setToken(null);
  });

  it('shows each latest version from the list and polls only the row still being ingested', async () => {
    renderWithConsole(
      <SessionProvider>
        <DatasetsPage />
      </SessionProvider>,
      '/datasets',
    );
    const row = async (name: string) => (await screen.findByRole('link', { name })).closest('tr')!;
    const ready = await row('fin-corpus');
    expect(ready.textContent).toContain('v2');
    expect(ready.textContent).toContain('ready');
    expect(ready.textContent).toContain('1,234 records');
    expect((await row('fin-empty')).textContent).toContain('no versions');
    const ingesting = await row('fin-new');
    await waitFor(() => expect(ingesting.textContent).toContain('7 records'));
    expect(ingesting.textContent).toContain('ready');
    expect(requested.filter((p) => p.includes('/versions'))).toEqual([]);
    expect(requested.filter((p) => /^\/api\/v1\/datasets\/[^?]/.test(p))).toEqual([
      '/api/v1/datasets/fin-new',
    ]);
  });
});
