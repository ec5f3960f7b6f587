import { screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { JobWizardPage } from './job-wizard-page';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const CORPUS_V1 = '11111111-1111-4111-8111-111111111111';
const routes = {
  'GET /api/v1/domains': { items: [{ name: 'finance', displayName: 'Finance' }] },
  'GET /api/v1/models': {
    items: [{ name: 'fin-advisor', baseModel: 'alloy-mini', archivedAt: null, domain: 'finance' }],
    nextCursor: null,
  },
  'GET /api/v1/models/fin-advisor/versions': { items: [], nextCursor: null },
  'GET /api/v1/datasets': {
    items: [{ name: 'finance-corpus', kind: 'corpus', domain: 'finance' }],
    nextCursor: null,
  },
  'GET /api/v1/datasets/finance-corpus/versions': {
    items: [{ id: CORPUS_V1, version: 1, status: 'ready', recordCount: 1200 }],
    nextCursor: null,
  },
};

async function pick(user: UserEvent, label: string, option: string | RegExp) {
  await user.click(screen.getByRole('combobox', { name: label }));
  // The dropdown is still in its opening transition, which the accessibility tree counts as hidden.
  await user.click(await screen.findByRole('option', { name: option, hidden: true }));
}

/** Domain, model and datasets chosen; kind and method left as the data suggests. */
async function toHyperparameters(user: UserEvent) {
  await pick(user, 'Domain', 'Finance');
  await user.click(screen.getByRole('button', { name: 'Next' }));
  await pick(user, 'Model', /fin-advisor/);
  await user.click(screen.getByRole('button', { name: 'Next' }));
  await pick(user, 'Datasets', /finance-corpus v1/);
  await user.click(screen.getByRole('button', { name: 'Next' }));
  expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'Kind' }).value).toBe(
    'Continued pretraining (corpus)',
  );
  await user.click(screen.getByRole('button', { name: 'Next' }));
}

describe('JobWizardPage', () => {
  let fetchMock: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    session = fakeSession('ml-engineer');
    fetchMock = fakeFetch(routes);
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('refuses to advance with an invalid learning rate and says why at the field', async () => {
    const user = userEvent.setup();
    renderWithConsole(<JobWizardPage />, '/jobs/new');
    await toHyperparameters(user);

    const rate = screen.getByRole<HTMLInputElement>('textbox', { name: 'Learning rate' });
    expect(rate.value).toBe('1e-4');
    await user.clear(rate);
    await user.type(rate, '0');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(rate.getAttribute('aria-invalid')).toBe('true');
    const described = rate.getAttribute('aria-describedby') ?? '';
    const message = described
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(message).toContain('must be greater than 0');
    expect(screen.queryByRole('button', { name: 'Create job' })).toBeNull();

    await user.clear(rate);
    await user.type(rate, '3e-5');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('button', { name: 'Create job' })).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Review' })).getByText('3e-5')).toBeTruthy();
  });

  it('sends the job, and shows a refusal of the server at its field', async () => {
    const refusing = Object.assign(
      async (input: RequestInfo | URL, init?: RequestInit) => {
        if (init?.method === 'POST') {
          await fetchMock(input, init);
          return new Response(
            JSON.stringify({
              error: {
                code: 'VALIDATION_FAILED',
                message: 'invalid job',
                details: [{ field: 'hyperparameters.maxSteps', message: 'must be <= 10000000' }],
              },
            }),
            { status: 400, headers: { 'content-type': 'application/json' } },
          );
        }
        return fetchMock(input, init);
      },
      { calls: fetchMock.calls },
    );
    vi.stubGlobal('fetch', refusing);
    const user = userEvent.setup();
    renderWithConsole(<JobWizardPage />, '/jobs/new');
    await toHyperparameters(user);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Create job' }));

    const steps = await screen.findByRole('textbox', { name: 'Steps' });
    expect(steps.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByText('must be <= 10000000').length).toBeGreaterThan(0);
    const post = fetchMock.calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/v1/jobs');
    expect(post?.body).toMatchObject({
      model: 'fin-advisor',
      kind: 'continued_pretraining',
      method: 'full',
      datasetVersionIds: [CORPUS_V1],
      hyperparameters: { learningRate: 1e-4, maxSteps: 200 },
    });
  });
});
