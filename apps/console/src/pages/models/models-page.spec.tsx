import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../api/session-store';
import { SessionProvider } from '../../auth/session-provider';
import { renderWithConsole } from '../../test/render';
import { ModelsPage } from './models-page';

// Mantine's autosizing textarea listens for font loads; happy-dom has no document.fonts.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: new EventTarget() });

const MODEL = {
  id: 'm1',
  name: 'fin-advisor',
  description: '',
  domain: 'finance',
  baseModel: 'tiny-llama',
  archivedAt: null,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  latestVersion: { version: 4, status: 'ready', aliases: ['production'] },
};

describe('ModelsPage', () => {
  let role = 'ml-engineer';
  let requested: string[] = [];
  beforeEach(() => {
    role = 'ml-engineer';
    requested = [];
    sessionStore.setToken('session-token');
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
        const request = input instanceof Request ? input : null;
        const url =
          typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const method = request?.method ?? init?.method ?? 'GET';
        requested.push(`${method} ${url.replace(/^https?:\/\/[^/]+/, '')}`);
        const json = (body: unknown, status = 200) =>
          Promise.resolve(
            new Response(JSON.stringify(body), {
              status,
              headers: { 'content-type': 'application/json' },
            }),
          );
        if (url.endsWith('/api/v1/auth/me'))
          return json({ id: 'u1', name: 'Ada', platform: false, role });
        if (url.endsWith('/api/v1/domains'))
          return json({
            items: [
              { name: 'finance', displayName: 'Finance', description: 'Banking and markets' },
              { name: 'medical', displayName: 'Medical', description: 'Clinical text' },
            ],
          });
        if (url.endsWith('/api/v1/base-models'))
          return json({
            items: [
              { name: 'tiny-llama', architecture: 'LlamaForCausalLM', parameterCount: 1.1e9 },
            ],
          });
        if (method === 'POST')
          return json(
            {
              error: {
                code: 'VALIDATION_FAILED',
                message: 'invalid',
                details: [{ field: 'name', message: 'model "fin-advisor" already exists' }],
              },
            },
            409,
          );
        if (url.includes('/api/v1/models')) return json({ items: [MODEL], nextCursor: null });
        return json({}, 404);
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.setToken(null);
  });

  const open = (route = '/models') =>
    renderWithConsole(
      <SessionProvider>
        <ModelsPage />
      </SessionProvider>,
      route,
    );

  it('lists models with their base model and latest version, filtered by the domain chosen', async () => {
    const user = userEvent.setup();
    open();
    const row = (await screen.findByRole('link', { name: 'fin-advisor' })).closest('tr')!;
    expect(row.textContent).toContain('tiny-llama');
    expect(row.textContent).toContain('v4');
    expect(row.textContent).toContain('production');
    // The list carries each model's latest version: no request per row.
    expect(requested.filter((r) => r.includes('/versions'))).toEqual([]);
    await user.click(screen.getByRole('radio', { name: 'Medical' }));
    await waitFor(() => expect(requested).toContain('GET /api/v1/models?domain=medical&limit=50'));
    expect(await screen.findByText('Clinical text')).toBeTruthy();
  });

  it('shows the server’s refusal at the field it names', async () => {
    const user = userEvent.setup();
    open('/models?domain=finance');
    await user.click(await screen.findByRole('button', { name: 'New model' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Name/), 'fin-advisor');
    const base = within(dialog).getByLabelText<HTMLInputElement>(/^Base model/, {
      selector: 'input',
    });
    await waitFor(() => expect(base.getAttribute('placeholder')).not.toBe('loading…'));
    await user.type(base, 'tiny');
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect(base.value).toContain('tiny-llama'));
    await user.click(within(dialog).getByRole('button', { name: 'Create model' }));
    expect(await within(dialog).findByText('model "fin-advisor" already exists')).toBeTruthy();
    expect(within(dialog).getByLabelText(/^Name/).getAttribute('aria-invalid')).toBe('true');
  });

  it('offers no New model to a role that may not create one', async () => {
    role = 'viewer';
    open();
    await screen.findByRole('link', { name: 'fin-advisor' });
    await waitFor(() => expect(requested).toContain('GET /api/v1/auth/me'));
    // A builder's button would show once the session is known; the domains load with it.
    await screen.findByRole('radio', { name: 'Medical' });
    expect(screen.queryByRole('button', { name: 'New model' })).toBeNull();
  });
});
