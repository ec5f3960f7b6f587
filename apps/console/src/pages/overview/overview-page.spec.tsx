import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { OverviewPage } from './overview-page';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const job = (id: string, status: string, extra: object = {}) => ({
  id,
  model: 'fin',
  kind: 'sft',
  status,
  createdAt: new Date().toISOString(),
  finishedAt: null,
  failureReason: null,
  ...extra,
});

describe('OverviewPage', () => {
  beforeEach(() => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/v1/domains': { items: [{ name: 'finance', displayName: 'Finance' }] },
        'GET /api/v1/models?limit=100': {
          items: [{ name: 'fin', archivedAt: null }],
          nextCursor: null,
        },
        'GET /api/v1/jobs?status=running&limit=100': {
          items: [job('j1', 'running')],
          nextCursor: null,
        },
        'GET /api/v1/jobs?limit=100': {
          items: [job('j1', 'running'), job('j2', 'failed'), job('j3', 'succeeded')],
          nextCursor: null,
        },
        'GET /api/v1/jobs?status=failed&limit=5': {
          items: [job('j2', 'failed', { failureReason: 'CUDA out of memory' })],
          nextCursor: null,
        },
        'GET /api/v1/deployments': {
          items: [
            {
              id: 'd1',
              name: 'fin',
              model: 'fin',
              currentRevision: 2,
              traffic: [
                { versionId: 'v2', version: 2, weight: 90 },
                { versionId: 'v3', version: 3, weight: 10 },
              ],
            },
          ],
        },
        'GET /api/v1/datasets?limit=20': {
          items: [{ name: 'fin-corpus', latestVersion: 2 }],
          nextCursor: null,
        },
        'GET /api/v1/datasets/fin-corpus/versions?limit=3': {
          items: [
            {
              id: 'dv2',
              dataset: 'fin-corpus',
              version: 2,
              status: 'failed',
              error: 'not JSONL',
              createdAt: new Date().toISOString(),
            },
          ],
          nextCursor: null,
        },
        'GET /api/v1/workers': { items: [] },
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('counts what exists and runs, shows traffic splits and recent failures', async () => {
    session = fakeSession('viewer');
    renderWithConsole(<OverviewPage />);
    expect(await screen.findByLabelText('Running jobs: 1')).toBeTruthy();
    expect(screen.getByLabelText('Domains: 1')).toBeTruthy();
    expect(await screen.findByText('v2 90%')).toBeTruthy();
    expect(await screen.findByText('CUDA out of memory')).toBeTruthy();
    expect(await screen.findByText('not JSONL')).toBeTruthy();
    expect(
      screen.getByText('queued 0 · running 1 · succeeded 1 · failed 1 · cancelled 0'),
    ).toBeTruthy();
  });

  it('shows the workers card only to those who may read workers', async () => {
    session = fakeSession('admin');
    const { unmount } = renderWithConsole(<OverviewPage />);
    await screen.findByLabelText('Domains: 1');
    expect(screen.queryByText('All workers')).toBeNull();
    unmount();
    session = fakeSession('admin', { platform: true });
    renderWithConsole(<OverviewPage />);
    expect(await screen.findByText('All workers')).toBeTruthy();
  });
});
