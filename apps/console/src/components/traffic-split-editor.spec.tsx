import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithConsole } from '../test/render';
import { rebalance, TrafficSplitEditor } from './traffic-split-editor';

const CURRENT = [
  { version: 2, weight: 90 },
  { version: 3, weight: 10 },
];

function percentInput(version: number): HTMLInputElement {
  return screen.getByLabelText(`percent for version ${version}`);
}

async function setPercent(version: number, value: number) {
  const input = percentInput(version);
  fireEvent.change(input, { target: { value: `${value}%` } });
  await waitFor(() => expect(percentInput(version).value).toBe(`${value}%`));
}

describe('rebalance', () => {
  it('keeps whole percents that total 100 while keeping the others’ proportions', () => {
    expect(rebalance([50, 30, 20], 0, 0)).toEqual([0, 60, 40]);
    expect(rebalance([34, 33, 33], 0, 0)).toEqual([0, 50, 50]);
    expect(rebalance([100, 0, 0], 0, 1)).toEqual([1, 50, 49]);
    for (const value of [0, 7, 33, 99, 100, 140, -5]) {
      const next = rebalance([40, 25, 20, 15], 2, value);
      expect(next.reduce((a, b) => a + b, 0)).toBe(100);
      expect(next.every((w) => Number.isInteger(w) && w >= 0)).toBe(true);
    }
  });
});

describe('TrafficSplitEditor', () => {
  it('moves the other version as one is changed, so the total stays 100', async () => {
    renderWithConsole(
      <TrafficSplitEditor current={CURRENT} candidates={[1, 2, 3]} onSubmit={vi.fn()} />,
    );
    await setPercent(3, 35);
    expect(percentInput(2).value).toBe('65%');
    expect(screen.getByRole('status').textContent).toBe('Total 100%');
  });

  it('shows before and after, then sends the split once confirmed', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderWithConsole(
      <TrafficSplitEditor current={CURRENT} candidates={[1, 2, 3]} onSubmit={onSubmit} />,
    );
    const apply = screen.getByRole('button', { name: 'Apply split' });
    expect(apply).toHaveProperty('disabled', true); // nothing changed yet
    await setPercent(3, 50);
    await user.click(apply);
    const change = await screen.findByTestId('split-change');
    const rows = within(change)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual(['v310%50%', 'v290%50%']);
    expect(onSubmit).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith([
        { version: 2, weight: 50 },
        { version: 3, weight: 50 },
      ]),
    );
  });

  it('refuses to apply a split that does not total 100', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithConsole(
      <TrafficSplitEditor current={CURRENT} candidates={[2, 3]} onSubmit={onSubmit} />,
    );
    await user.click(screen.getByRole('switch', { name: /balance the others/i }));
    await setPercent(3, 40);
    expect(percentInput(2).value).toBe('90%');
    expect(screen.getByRole('status').textContent).toContain('Total 130%');
    expect(screen.getByRole('status').textContent).toContain('must be 100%');
    const apply = screen.getByRole('button', { name: 'Apply split' });
    expect(apply).toHaveProperty('disabled', true);
    await user.click(apply);
    expect(screen.queryByTestId('split-change')).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();

    await setPercent(2, 60);
    expect(screen.getByRole('status').textContent).toBe('Total 100%');
    expect(apply).toHaveProperty('disabled', false);
  });

  it('gives a removed version’s share to the others', async () => {
    const user = userEvent.setup();
    renderWithConsole(
      <TrafficSplitEditor
        current={[
          { version: 1, weight: 20 },
          { version: 2, weight: 40 },
          { version: 3, weight: 40 },
        ]}
        candidates={[1, 2, 3]}
        onSubmit={vi.fn()}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'remove version 1 from the split' }));
    expect(screen.queryByLabelText('percent for version 1')).toBeNull();
    expect(percentInput(2).value).toBe('50%');
    expect(percentInput(3).value).toBe('50%');
  });
});
