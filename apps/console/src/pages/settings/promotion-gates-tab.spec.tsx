import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../auth/session-provider';
import { FakeProblem, fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { PromotionGatesTab } from './promotion-gates-tab';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const DEFAULTS = {
  maxAccuracyDrop: 0.02,
  maxGeneralPerplexityIncreasePct: 10,
  minSafetyPassRate: 0.8,
  requireProvenance: true,
  requireEvaluation: true,
};
const LIST = {
  defaults: DEFAULTS,
  items: [
    {
      domain: 'finance',
      thresholds: { ...DEFAULTS, minSafetyPassRate: 0.9 },
      custom: { minSafetyPassRate: 0.9 },
      updatedBy: 'user:root@alloy.test',
      updatedAt: '2026-01-02T00:00:00Z',
    },
    { domain: 'medical', thresholds: DEFAULTS, custom: {}, updatedBy: null, updatedAt: null },
  ],
};
const PUT = 'PUT /api/v1/organization/promotion-gates/finance';

describe('PromotionGatesTab', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists each domain’s thresholds with the defaults marked', async () => {
    session = fakeSession('admin');
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/v1/organization/promotion-gates': LIST }));
    renderWithConsole(<PromotionGatesTab />);
    const finance = await screen.findByTestId('gate-finance');
    expect(finance.textContent).toContain('0.9');
    // Four of finance's five thresholds are the defaults; all five of medical's.
    expect(within(finance).getAllByText('default')).toHaveLength(4);
    expect(within(screen.getByTestId('gate-medical')).getAllByText('default')).toHaveLength(5);
  });

  it('checks the form before sending, shows the server’s field errors, and saves what differs from the defaults', async () => {
    session = fakeSession('admin');
    const fetchMock = fakeFetch({
      'GET /api/v1/organization/promotion-gates': LIST,
      [PUT]: (body: Record<string, unknown>) =>
        body.maxGeneralPerplexityIncreasePct === 5000
          ? new FakeProblem(400, 'VALIDATION_FAILED', 'invalid thresholds', [
              { field: 'maxGeneralPerplexityIncreasePct', message: 'too lax for finance' },
            ])
          : { ...LIST.items[0], thresholds: { ...DEFAULTS, ...body }, custom: body },
    });
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup();
    renderWithConsole(<PromotionGatesTab />);
    await user.click(await screen.findByRole('button', { name: 'Edit finance' }));
    const form = await screen.findByRole('form', { name: 'finance thresholds' });
    const drop = within(form).getByRole('textbox', { name: 'Largest accuracy drop' });
    await user.clear(drop);
    await user.type(drop, '2');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('between 0 and 1')).toBeTruthy();
    expect(fetchMock.calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.clear(drop);
    await user.type(drop, '0.05');
    const rise = within(form).getByRole('textbox', { name: 'Largest general perplexity rise (%)' });
    await user.clear(rise);
    await user.type(rise, '5000');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('too lax for finance')).toBeTruthy();

    await user.clear(rise);
    await user.type(rise, '10');
    await user.click(within(form).getByRole('switch', { name: /Require provenance/ }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('form')).toBeNull());
    expect(fetchMock.calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({
      maxAccuracyDrop: 0.05,
      minSafetyPassRate: 0.9,
      requireProvenance: false,
    });
  });

  it('offers no edit to a role that may not change the organisation’s settings', async () => {
    session = fakeSession('ml-engineer');
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/v1/organization/promotion-gates': LIST }));
    renderWithConsole(<PromotionGatesTab />);
    await screen.findByTestId('gate-finance');
    expect(screen.queryByRole('button', { name: /Edit/ })).toBeNull();
  });
});
