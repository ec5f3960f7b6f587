import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { ApiKeysTab } from './api-keys-tab';
import type { ApiKey } from './settings.types';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const TOKEN = 'alloy_ak_k2_s3cr3t-shown-once';
const existing: ApiKey = {
  id: 'k1',
  name: 'ci',
  kind: 'ak',
  role: 'ml-engineer',
  scopes: ['read'],
  deployments: null,
  workerId: null,
  createdBy: 'user:admin@alloy.test',
  createdAt: new Date().toISOString(),
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
};

describe('ApiKeysTab', () => {
  let fetchMock: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    session = fakeSession('admin');
    const keys: ApiKey[] = [existing];
    fetchMock = fakeFetch({
      'GET /api/v1/api-keys': () => ({ items: keys }),
      'GET /api/v1/deployments': { items: [] },
      'POST /api/v1/api-keys': (body: unknown) => {
        const stored: ApiKey = { ...existing, id: 'k2', ...(body as Partial<ApiKey>) };
        keys.push(stored);
        return { ...stored, token: TOKEN };
      },
    });
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows a new key’s token once, with a warning and a copy button, and never again', async () => {
    const user = userEvent.setup();
    renderWithConsole(<ApiKeysTab />);
    expect(await screen.findByText('ci')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New API key' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'partner-portal');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    expect((await screen.findByTestId('api-key-token')).textContent).toBe(TOKEN);
    expect(screen.getByText(/shown only once/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();
    const post = fetchMock.calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ name: 'partner-portal', expiresInDays: 90 });

    await user.click(screen.getByRole('button', { name: 'I have stored it' }));
    await vi.waitFor(() => expect(screen.queryByText(TOKEN)).toBeNull());
    expect(await screen.findByText('partner-portal')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New API key' }));
    expect(await screen.findByRole('button', { name: 'Create key' })).toBeTruthy();
    expect(screen.queryByText(TOKEN)).toBeNull();
  });

  it('revokes a key only after confirming', async () => {
    const user = userEvent.setup();
    fetchMock = fakeFetch({
      'GET /api/v1/api-keys': { items: [existing] },
      'DELETE /api/v1/api-keys/k1': { ...existing, revokedAt: new Date().toISOString() },
    });
    vi.stubGlobal('fetch', fetchMock);
    renderWithConsole(<ApiKeysTab />);
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    const dialog = await screen.findByRole('dialog');
    expect(fetchMock.calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await vi.waitFor(() =>
      expect(fetchMock.calls.some((c) => c.method === 'DELETE' && c.url.endsWith('/k1'))).toBe(
        true,
      ),
    );
  });

  it('offers neither creation nor revocation to a viewer', async () => {
    session = fakeSession('viewer');
    renderWithConsole(<ApiKeysTab />);
    await screen.findByText('ci');
    expect(screen.queryByRole('button', { name: 'New API key' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Revoke' })).toBeNull();
  });
});
