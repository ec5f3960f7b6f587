import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../api/session-store';
import { SessionProvider } from '../../auth/session-provider';
import { renderWithConsole } from '../../test/render';
import { DeploymentPage, rollbackTarget } from './deployment-page';
import type { DeploymentDetail, DeploymentRevision } from './deployment-types';

const share = (version: number, weight: number) => ({
  versionId: `id-${version}`,
  version,
  weight,
});
const revision = (
  n: number,
  action: string,
  traffic: ReturnType<typeof share>[],
  extra: Partial<DeploymentRevision> = {},
): DeploymentRevision => ({
  revision: n,
  action,
  traffic,
  alias: null,
  aliasVersion: null,
  restoredRevision: null,
  createdBy: 'user:ada',
  createdAt: `2025-01-0${n}T00:00:00Z`,
  ...extra,
});

const DEPLOYMENT: DeploymentDetail = {
  id: 'd1',
  name: 'fin-prod',
  model: 'fin-advisor',
  currentRevision: 3,
  traffic: [share(3, 90), share(4, 10)],
  revisions: [
    revision(3, 'split', [share(3, 90), share(4, 10)]),
    revision(2, 'promote', [share(3, 100)], { alias: 'production', aliasVersion: 3 }),
    revision(1, 'create', [share(2, 100)]),
  ],
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-03T00:00:00Z',
};

describe('rollbackTarget', () => {
  it('is the revision before the current one, and a rollback of a rollback goes further back', () => {
    expect(rollbackTarget(DEPLOYMENT.revisions, 3)?.revision).toBe(2);
    const rolled = [
      revision(4, 'rollback', [share(3, 100)], { restoredRevision: 2 }),
      ...DEPLOYMENT.revisions,
    ];
    expect(rollbackTarget(rolled, 4)?.revision).toBe(1);
    expect(rollbackTarget([revision(1, 'create', [share(2, 100)])], 1)).toBeNull();
  });
});

describe('DeploymentPage', () => {
  let calls: { method: string; url: string; body: unknown }[] = [];
  beforeEach(() => {
    calls = [];
    sessionStore.setToken('session-token');
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
        const url =
          typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const method = init?.method ?? 'GET';
        calls.push({ method, url, body: init?.body ? JSON.parse(init.body as string) : undefined });
        const json = (body: unknown) =>
          Promise.resolve(
            new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
          );
        if (url.endsWith('/api/v1/auth/me'))
          return json({ id: 'u1', name: 'Ada', platform: false, role: 'ml-engineer' });
        if (url.includes('/versions?status=ready'))
          return json({
            items: [2, 3, 4].map((v) => ({ id: `id-${v}`, version: v, aliases: [] })),
            nextCursor: null,
          });
        if (url.endsWith('/api/v1/deployments/fin-prod')) return json(DEPLOYMENT);
        if (method !== 'GET') return json({ ...DEPLOYMENT, currentRevision: 4 });
        return json({ items: [] });
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.setToken(null);
  });

  const open = async () => {
    renderWithConsole(
      <SessionProvider>
        <Routes>
          <Route path="/deployments/:name" element={<DeploymentPage />} />
        </Routes>
      </SessionProvider>,
      '/deployments/fin-prod',
    );
    await screen.findByRole('heading', { name: 'fin-prod' });
    await screen.findByLabelText('percent for version 3');
  };

  it('restores an older revision as a new split, after saying what changes', async () => {
    const user = userEvent.setup();
    await open();
    const row = screen.getByText('#1').closest('tr')!;
    await user.click(within(row).getByRole('button', { name: 'Roll back to this' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('v2 100%');
    expect(dialog.textContent).toContain('now v3 90%, v4 10%');
    expect(calls.some((c) => c.method !== 'GET')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Restore #1' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')).toMatchObject({
        url: '/api/v1/deployments/fin-prod/traffic',
        body: { traffic: [{ version: 2, weight: 100 }] },
      }),
    );
  });

  it('rolls back to the previous revision with the server’s rollback, which moves the alias back', async () => {
    const user = userEvent.setup();
    await open();
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('revision #2');
    expect(dialog.textContent).toContain('production alias moves back to v3');
    await user.click(within(dialog).getByRole('button', { name: 'Restore revision #2' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')).toMatchObject({
        url: '/api/v1/deployments/fin-prod/rollback',
      }),
    );
  });
});
