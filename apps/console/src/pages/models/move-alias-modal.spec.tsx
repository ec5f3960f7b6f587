import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelVersion } from '@alloy/sdk/types';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { gateRefused } from '../../components/gate-refusal.testing';
import { renderWithConsole } from '../../test/render';
import { MoveAliasModal } from './move-alias-modal';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const v2 = { id: 'v2', model: 'fin', version: 2, aliases: [] } as unknown as ModelVersion;
const PUT = 'PUT /api/v1/models/fin/aliases/production';

function open(onMoved = vi.fn(async () => undefined), onClose = vi.fn()) {
  renderWithConsole(
    <MoveAliasModal
      model="fin"
      version={v2}
      aliases={[{ alias: 'production', versionId: 'v1', version: 1, updatedAt: '' }]}
      initialAlias="production"
      onClose={onClose}
      onMoved={onMoved}
    />,
  );
  return { onMoved, onClose };
}

describe('MoveAliasModal on a promotion gate refusal', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows an ML engineer each failing check with its value and threshold, and no override', async () => {
    session = fakeSession('ml-engineer');
    vi.stubGlobal('fetch', fakeFetch({ [PUT]: gateRefused }));
    const user = userEvent.setup();
    open();
    await user.click(screen.getByRole('button', { name: 'Move production' }));
    const refusal = await screen.findByTestId('gate-refusal');
    expect(refusal.textContent).toContain('Refused by the promotion gate');
    const forgetting = within(refusal).getByTestId('gate-check-forgetting');
    expect(forgetting.textContent).toContain('General perplexity (forgetting)');
    expect(forgetting.textContent).toContain('41.2');
    expect(forgetting.textContent).toContain('at most 33.11');
    const safety = within(refusal).getByTestId('gate-check-safety');
    expect(safety.textContent).toContain('0.6');
    expect(safety.textContent).toContain('at least 0.8');
    expect(within(refusal).queryByRole('button', { name: 'Override with a reason' })).toBeNull();
    expect(refusal.textContent).toContain('Only an admin may move production');
  });

  it('lets an admin resend the move with a required reason', async () => {
    session = fakeSession('admin');
    const fetchMock = fakeFetch({
      [PUT]: (body: { override?: unknown }) =>
        body.override ? { alias: 'production', version: 2 } : gateRefused(),
    });
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup();
    const { onMoved, onClose } = open();
    await user.click(screen.getByRole('button', { name: 'Move production' }));
    const refusal = await screen.findByTestId('gate-refusal');
    const override = within(refusal).getByRole('button', { name: 'Override with a reason' });
    await user.click(override);
    expect(
      await within(refusal).findByText('say why the failing checks are accepted'),
    ).toBeTruthy();
    expect(fetchMock.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
    await user.type(
      within(refusal).getByRole('textbox', { name: /Reason for the override/ }),
      'safety set is being rewritten',
    );
    await user.click(override);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onMoved).toHaveBeenCalled();
    expect(fetchMock.calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { version: 2 },
      { version: 2, override: { reason: 'safety set is being rewritten' } },
    ]);
  });
});
