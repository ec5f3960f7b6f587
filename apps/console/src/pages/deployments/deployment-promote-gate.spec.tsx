import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { gateRefused } from '../../components/gate-refusal.testing';
import { renderWithConsole } from '../../test/render';
import { DeploymentPage } from './deployment-page';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const DEPLOYMENT = {
  id: 'd1',
  name: 'fin-prod',
  model: 'fin',
  currentRevision: 1,
  traffic: [{ versionId: 'id-1', version: 1, weight: 100 }],
  revisions: [
    {
      revision: 1,
      action: 'create',
      traffic: [{ versionId: 'id-1', version: 1, weight: 100 }],
      alias: null,
      aliasVersion: null,
      restoredRevision: null,
      createdBy: 'user:ada',
      createdAt: '2025-01-01T00:00:00Z',
    },
  ],
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

describe('DeploymentPage promote through the production gate', () => {
  let fetchMock: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    fetchMock = fakeFetch({
      'GET /api/v1/deployments/fin-prod': DEPLOYMENT,
      'GET /api/v1/models/fin/versions': {
        items: [1, 2].map((v) => ({ id: `id-${v}`, version: v, aliases: [] })),
        nextCursor: null,
      },
      'POST /api/v1/deployments/fin-prod/promote': (body: { override?: unknown }) =>
        body.override ? { ...DEPLOYMENT, currentRevision: 2 } : gateRefused(),
    });
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  const promote = async () => {
    const user = userEvent.setup();
    renderWithConsole(
      <Routes>
        <Route path="/deployments/:name" element={<DeploymentPage />} />
      </Routes>,
      '/deployments/fin-prod',
    );
    await user.click(await screen.findByRole('combobox', { name: 'Version' }));
    await user.click(await screen.findByRole('option', { name: 'v2', hidden: true }));
    await user.click(screen.getByRole('button', { name: 'Promote' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Promote' }));
    return { user, refusal: await within(dialog).findByTestId('gate-refusal') };
  };

  it('shows a deployer why production was refused, without an override', async () => {
    session = fakeSession('ml-engineer');
    const { refusal } = await promote();
    expect(within(refusal).getByTestId('gate-check-safety').textContent).toContain('at least 0.8');
    expect(within(refusal).queryByRole('button', { name: 'Override with a reason' })).toBeNull();
  });

  it('resends the promotion with the admin’s reason', async () => {
    session = fakeSession('admin');
    const { user, refusal } = await promote();
    await user.type(within(refusal).getByRole('textbox'), 'accepted for the demo');
    await user.click(within(refusal).getByRole('button', { name: 'Override with a reason' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fetchMock.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { version: 2, alias: 'production' },
      { version: 2, alias: 'production', override: { reason: 'accepted for the demo' } },
    ]);
  });
});
