import type { ModelVersion } from '@alloy/sdk/types';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../api/session-store';
import { SessionProvider } from '../../auth/session-provider';
import { renderWithConsole } from '../../test/render';
import { ModelPage } from './model-page';

const version = (n: number, over: Partial<ModelVersion>): ModelVersion => ({
  id: `id-${n}`,
  model: 'fin-advisor',
  version: n,
  parentVersionId: null,
  jobId: null,
  datasetVersionIds: [],
  status: 'ready',
  metrics: {},
  hyperparameters: {},
  description: '',
  aliases: [],
  gateOverrides: [],
  createdAt: `2025-01-0${n}T00:00:00Z`,
  updatedAt: `2025-01-0${n}T00:00:00Z`,
  ...over,
});

const V1 = version(1, {
  jobId: 'job-1',
  hyperparameters: { kind: 'continued_pretraining', method: 'full' },
  metrics: { perplexity: 12.5 },
  datasetVersionIds: ['ds-corpus'],
});
const V2 = version(2, {
  parentVersionId: 'id-1',
  jobId: 'job-2',
  hyperparameters: { kind: 'sft', method: 'lora' },
  metrics: { eval_loss: 1.2345 },
  datasetVersionIds: ['ds-chat'],
  aliases: ['production'],
});

describe('ModelPage', () => {
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
        const path = url.split('?')[0];
        if (method === 'PUT') return json({});
        switch (path) {
          case '/api/v1/auth/me':
            return json({ id: 'u1', name: 'Ada', platform: false, role: 'ml-engineer' });
          case '/api/v1/models/fin-advisor':
            return json({
              id: 'm1',
              name: 'fin-advisor',
              description: 'Advice for retail banking',
              domain: 'finance',
              baseModel: 'tiny-llama',
              archivedAt: null,
              createdAt: '',
              updatedAt: '',
            });
          case '/api/v1/models/fin-advisor/versions':
            return json({ items: [V2, V1], nextCursor: null });
          case '/api/v1/models/fin-advisor/aliases':
            return json({
              items: [{ alias: 'production', versionId: 'id-2', version: 2, updatedAt: '' }],
            });
          case '/api/v1/models/fin-advisor/aliases/production/history':
            return json({
              items: [
                { fromVersion: null, toVersion: 1, actor: 'user:ada', movedAt: '' },
                { fromVersion: 1, toVersion: 2, actor: 'user:ada', movedAt: '' },
              ],
            });
          case '/api/v1/model-versions/id-2/lineage':
            return json({
              version: V2,
              ancestors: [
                {
                  id: 'id-1',
                  model: 'fin-advisor',
                  version: 1,
                  parentVersionId: null,
                  depth: 1,
                  status: 'ready',
                },
              ],
              descendants: [],
            });
          case '/api/v1/dataset-versions/ds-chat':
            return json({ id: 'ds-chat', dataset: 'fin-chat', version: 2 });
          case '/api/v1/dataset-versions/ds-corpus':
            return json({ id: 'ds-corpus', dataset: 'fin-corpus', version: 1 });
          default:
            return json({ items: [] });
        }
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
          <Route path="/models/:name" element={<ModelPage />} />
        </Routes>
      </SessionProvider>,
      '/models/fin-advisor',
    );
    await screen.findByRole('heading', { name: 'fin-advisor' });
  };

  it('shows each version’s training, metrics and aliases, and the newest version’s lineage', async () => {
    await open();
    const v2 = (await screen.findByRole('button', { name: 'v2' })).closest('tr')!;
    expect(v2.textContent).toContain('sft · lora');
    expect(v2.textContent).toContain('eval_loss');
    expect(v2.textContent).toContain('1.23');
    expect(v2.textContent).toContain('production');
    const graph = await screen.findByTestId('lineage-graph');
    expect(await within(graph).findByText('tiny-llama')).toBeTruthy();
    expect(within(graph).getByTestId('lineage-version-id-1').textContent).toContain(
      'continued pretraining · full',
    );
    expect(await within(graph).findByText('fin-chat@2')).toBeTruthy();
    expect(await within(graph).findByText('fin-corpus@1')).toBeTruthy();
  });

  it('promotes a version to production after saying where the alias moves', async () => {
    const user = userEvent.setup();
    await open();
    await user.click(await screen.findByRole('button', { name: 'promote v1 to production' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('fin-advisor:production moves from v2 to v1');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Move production' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')).toMatchObject({
        url: '/api/v1/models/fin-advisor/aliases/production',
        body: { version: 1 },
      }),
    );
  });

  it('rolls an alias back to the version it pointed at before', async () => {
    const user = userEvent.setup();
    await open();
    await user.click(await screen.findByRole('button', { name: 'Roll back' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')).toMatchObject({
        url: '/api/v1/models/fin-advisor/aliases/production',
        body: { version: 1 },
      }),
    );
  });
});
