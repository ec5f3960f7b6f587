import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { STALE_AFTER_MS, type Worker, WorkersPage } from './workers-page';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const worker = (over: Partial<Worker>): Worker => ({
  id: 'w-1',
  host: 'gpu-host-1',
  gpus: [
    {
      index: 0,
      name: 'NVIDIA H200',
      memoryTotalMb: 143_771,
      memoryUsedMb: 20_480,
      utilizationPercent: 87,
    },
  ],
  labels: {},
  maxConcurrentJobs: 2,
  state: 'online',
  cordoned: false,
  draining: false,
  runningJobIds: ['0d9f1c2e-1111-2222-3333-444455556666'],
  lastHeartbeatAt: new Date().toISOString(),
  registeredAt: new Date().toISOString(),
  version: '0.1.0',
  ...over,
});

const workers = [
  worker({}),
  worker({
    id: 'w-2',
    host: 'gpu-host-2',
    cordoned: true,
    runningJobIds: [],
    lastHeartbeatAt: new Date(Date.now() - 2 * STALE_AFTER_MS).toISOString(),
  }),
];

describe('WorkersPage', () => {
  let fetchMock: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    fetchMock = fakeFetch({
      'GET /api/v1/workers': { items: workers },
      'POST /api/v1/workers/w-1/cordon': { ...workers[0], cordoned: true },
    });
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows GPUs, running jobs and highlights a stale heartbeat', async () => {
    session = fakeSession('viewer', { platform: true });
    renderWithConsole(<WorkersPage />);
    expect(await screen.findByText('gpu-host-1')).toBeTruthy();
    expect(screen.getAllByText(/NVIDIA H200 · 20\.0 GiB \/ 140\.4 GiB · 87% busy/)).toHaveLength(2);
    expect(screen.getByRole('link', { name: '0d9f1c2e' }).getAttribute('href')).toBe(
      '/jobs/0d9f1c2e-1111-2222-3333-444455556666',
    );
    expect(screen.getByText(/\(stale\)/)).toBeTruthy();
    expect(screen.getByText('cordoned')).toBeTruthy();
  });

  it('offers no cordon, uncordon or drain to a role without workers:write', async () => {
    session = fakeSession('viewer', { platform: true });
    renderWithConsole(<WorkersPage />);
    await screen.findByText('gpu-host-1');
    expect(screen.queryByRole('button', { name: /cordon|drain/i })).toBeNull();
  });

  it('lets a platform admin cordon a worker after confirming', async () => {
    session = fakeSession('admin', { platform: true });
    const user = userEvent.setup();
    renderWithConsole(<WorkersPage />);
    const row = (await screen.findByText('gpu-host-1')).closest('tr')!;
    await user.click(within(row).getByRole('button', { name: 'Cordon' }));
    const dialog = await screen.findByRole('dialog');
    expect(fetchMock.calls.some((c) => c.method === 'POST')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Cordon' }));
    await vi.waitFor(() =>
      expect(
        fetchMock.calls.some((c) => c.method === 'POST' && c.url.endsWith('/w-1/cordon')),
      ).toBe(true),
    );
    const other = screen.getByText('gpu-host-2').closest('tr')!;
    expect(within(other).getByRole('button', { name: 'Uncordon' })).toBeTruthy();
  });
});
