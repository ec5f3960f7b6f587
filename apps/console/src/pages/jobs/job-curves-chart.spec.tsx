import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithConsole } from '../../test/render';
import { JobCurvesChart, mergePoints } from './job-curves-chart';
import type { MetricPoint } from './job-types';

const points: MetricPoint[] = [
  { step: 10, loss: 3.2, lr: 1e-4, tokensPerSecond: 1200 },
  { step: 20, loss: 2.7, lr: 9e-5, tokensPerSecond: 1300 },
  { step: 30, loss: 2.1, lr: 8e-5, tokensPerSecond: 1250 },
];

describe('JobCurvesChart', () => {
  beforeEach(() => {
    // happy-dom lays nothing out; give the charts a size so they draw.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(
      DOMRect.fromRect({ x: 0, y: 0, width: 600, height: 180 }),
    );
  });
  afterEach(() => vi.restoreAllMocks());

  it('draws the loss line through the given points and shows the latest values', () => {
    renderWithConsole(<JobCurvesChart points={points} />);
    const loss = screen.getByTestId('loss-chart');
    expect(loss.textContent).toContain('step 30: 2.1000');
    const line = loss.querySelector('.recharts-line-curve');
    expect(line).not.toBeNull();
    // One move and a segment to each following point.
    const d = line?.getAttribute('d') ?? '';
    expect(d.match(/[ML]/g)).toHaveLength(points.length);
    expect(within(screen.getByTestId('lr-chart')).getByText('8.0e-5')).toBeTruthy();
    expect(within(screen.getByTestId('throughput-chart')).getByText('1.25K')).toBeTruthy();
  });

  it('draws one more segment when a live point arrives', () => {
    function Live() {
      const [series, setSeries] = useState(points);
      return (
        <>
          <button onClick={() => setSeries((s) => mergePoints(s, [{ step: 40, loss: 1.9 }]))}>
            arrive
          </button>
          <JobCurvesChart points={series} />
        </>
      );
    }
    renderWithConsole(<Live />);
    fireEvent.click(screen.getByText('arrive'));
    const d =
      screen.getByTestId('loss-chart').querySelector('.recharts-line-curve')?.getAttribute('d') ??
      '';
    expect(d.match(/[ML]/g)).toHaveLength(4);
    expect(screen.getByTestId('loss-chart').textContent).toContain('step 40: 1.9000');
  });

  it('says there are no metrics yet instead of drawing empty axes', () => {
    renderWithConsole(<JobCurvesChart points={[]} />);
    expect(screen.getByText(/No metrics yet/)).toBeTruthy();
    expect(screen.queryByTestId('loss-chart')).toBeNull();
  });
});

describe('mergePoints', () => {
  it('replaces the steps a resumed attempt repeats and keeps step order', () => {
    const merged = mergePoints(points, [
      { step: 20, loss: 2.6 },
      { step: 25, loss: 2.4 },
    ]);
    expect(merged.map((p) => [p.step, p.loss])).toEqual([
      [10, 3.2],
      [20, 2.6],
      [25, 2.4],
      [30, 2.1],
    ]);
  });
});
