import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { SettingsPage } from './settings-page';

let session: Session;
// Mounted as the console's routes mount it, so its tabs' nested routes resolve.
const page = (
  <Routes>
    <Route path="/settings/*" element={<SettingsPage />} />
  </Routes>
);
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

describe('SettingsPage', () => {
  beforeEach(() => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/v1/plugins': { items: [] },
        'GET /api/v1/users': { items: [] },
        'GET /api/v1/organizations': {
          items: [
            { id: 'org-1', name: 'platform', displayName: 'Platform', platform: true },
            { id: 'org-2', name: 'first-bank', displayName: 'First Bank', platform: false },
          ],
        },
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows an ML engineer only the tabs the role may read', async () => {
    session = fakeSession('ml-engineer');
    renderWithConsole(page, '/settings');
    expect(await screen.findByRole('tab', { name: 'Plugins' })).toBeTruthy();
    expect(screen.queryByRole('tab', { name: 'Members' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'API keys' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Audit log' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Promotion gates' })).toBeNull();
    expect(await screen.findByText('No plugin is installed.')).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'Acting in' })).toBeNull();
  });

  it('gives a platform admin every tab and the organisation switcher', async () => {
    session = fakeSession('admin', { platform: true });
    renderWithConsole(page, '/settings/members');
    for (const tab of [
      'Members',
      'API keys',
      'Plugins',
      'Organisation',
      'Promotion gates',
      'Audit log',
    ])
      expect(await screen.findByRole('tab', { name: tab })).toBeTruthy();
    expect(await screen.findByText('No member yet.')).toBeTruthy();
    const switcher = await screen.findByRole<HTMLInputElement>('combobox', { name: 'Acting in' });
    await vi.waitFor(() => expect(switcher.value).toBe('Platform (platform)'));
  });
});
