import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { PluginsTab } from './plugins-tab';
import type { InstalledPlugin } from './settings.types';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const finance: InstalledPlugin = {
  id: 'alloy.finance',
  displayName: 'Finance',
  description: 'Risk disclosures',
  domains: ['finance'],
  latestVersion: '1.0.0',
  state: 'enabled',
  versions: [
    {
      version: '1.0.0',
      platform: true,
      source: 'directory',
      sha256: 'abc',
      signedBy: null,
      installedBy: 'user:admin@alloy.test',
      installedAt: new Date().toISOString(),
      manifest: {
        config: {
          type: 'object',
          properties: { riskDisclosure: { type: 'boolean', default: true } },
        },
      },
    },
  ],
  enablements: [
    {
      id: 'e1',
      scope: 'organization',
      version: '1.0.0',
      config: { riskDisclosure: true },
      position: 100,
      enabledBy: 'user:admin@alloy.test',
      updatedAt: new Date().toISOString(),
    },
  ],
};

describe('PluginsTab', () => {
  let fetchMock: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    fetchMock = fakeFetch({
      'GET /api/v1/plugins': { items: [finance] },
      'GET /api/v1/domains': {
        items: [
          { name: 'finance', displayName: 'Finance' },
          { name: 'medical', displayName: 'Medical' },
        ],
      },
      'PUT /api/v1/plugins/alloy.finance/enablements': (body: unknown) => ({
        id: 'e2',
        ...(body as object),
      }),
      'DELETE /api/v1/plugins/alloy.finance/enablements/e1': {},
    });
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('enables a plugin for one of its domains with the configuration from the form', async () => {
    session = fakeSession('admin');
    const user = userEvent.setup();
    renderWithConsole(<PluginsTab />);
    expect(await screen.findByText('organization')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Enable' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('combobox', { name: 'Enable for' }));
    await user.click(await screen.findByRole('option', { name: 'a domain', hidden: true }));
    await user.click(await within(dialog).findByRole('combobox', { name: /Domain/ }));
    const financeOption = await screen.findByRole('option', { name: 'Finance', hidden: true });
    // Only the domains the plugin applies to are offered.
    expect(screen.queryByRole('option', { name: 'Medical', hidden: true })).toBeNull();
    await user.click(financeOption);
    await user.click(within(dialog).getByRole('switch', { name: /^Risk disclosure/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Enable' }));
    await vi.waitFor(() =>
      expect(fetchMock.calls.find((c) => c.method === 'PUT')?.body).toEqual({
        scope: 'domain',
        domain: 'finance',
        version: '1.0.0',
        config: { riskDisclosure: false },
      }),
    );
  });

  it('disables an enablement only after confirming, and offers nothing to an ML engineer', async () => {
    session = fakeSession('admin');
    const user = userEvent.setup();
    const { unmount } = renderWithConsole(<PluginsTab />);
    await user.click(await screen.findByRole('button', { name: 'Disable' }));
    const dialog = await screen.findByRole('dialog');
    expect(fetchMock.calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));
    await vi.waitFor(() => expect(fetchMock.calls.some((c) => c.method === 'DELETE')).toBe(true));
    unmount();

    session = fakeSession('ml-engineer');
    renderWithConsole(<PluginsTab />);
    await screen.findByText('organization');
    expect(screen.queryByRole('button', { name: /Enable|Disable|Configure|Install/ })).toBeNull();
  });
});
