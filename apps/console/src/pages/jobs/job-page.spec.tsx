import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { JobPage } from './job-page';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const ID = '22222222-2222-4222-8222-222222222222';
const job = {
  id: ID,
  model: 'fin-advisor',
  kind: 'continued_pretraining',
  method: 'full',
  status: 'running',
  baseVersionId: null,
  datasets: [],
  hyperparameters: { maxSteps: 100, learningRate: 1e-4 },
  precision: 'fp32',
  workerId: 'w-1',
  attempts: 1,
  maxAttempts: 3,
  pipelineId: null,
  dependsOnJobId: null,
  unschedulableReason: null,
  failureReason: null,
  resultVersionId: null,
  lastCheckpointStep: null,
  cancelRequestedAt: null,
  createdAt: new Date().toISOString(),
  startedAt: new Date().toISOString(),
  finishedAt: null,
  transitions: [],
};

function sse(position: number, type: string, payload: Record<string, unknown>) {
  const data = {
    position,
    type,
    attempt: 1,
    workerId: 'w-1',
    time: new Date().toISOString(),
    payload,
  };
  return `id: ${position}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

describe('JobPage', () => {
  let json: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    session = fakeSession('viewer');
    json = fakeFetch({
      [`GET /api/v1/jobs/${ID}`]: job,
      [`POST /api/v1/jobs/${ID}/cancel`]: { ...job, cancelRequestedAt: new Date().toISOString() },
      [`GET /api/v1/jobs/${ID}/metrics`]: {
        items: [{ step: 10, loss: 3.1, lr: 1e-4, tokensPerSecond: 900 }],
      },
    });
    const text =
      sse(1, 'metrics', { type: 'metrics', step: 20, loss: 2.4, lr: 9e-5 }) +
      sse(2, 'log', { type: 'log', level: 'info', message: 'epoch 1 done' }) +
      sse(3, 'checkpoint', { type: 'checkpoint', step: 20, path: 'ckpt-20' });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (!url.includes('/events/stream')) return json(input, init);
      const bytes = new TextEncoder().encode(text);
      // Cut mid-event, as a network would; then stay open, as a running job's stream does.
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(bytes.slice(0, 50));
          c.enqueue(bytes.slice(50));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('appends streamed metrics to the history and shows logs, offering no actions to a viewer', async () => {
    renderWithConsole(
      <Routes>
        <Route path="/jobs/:id" element={<JobPage />} />
      </Routes>,
      `/jobs/${ID}`,
    );
    expect(await screen.findByText('step 20: 2.4000', {}, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByText('step 20 of 100')).toBeTruthy();
    expect(screen.getByText('Logs (1)')).toBeTruthy();
    expect(screen.getByText('epoch 1 done')).toBeTruthy();
    expect(screen.getByText('Checkpoints (1)')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('cancels a running job only after asking', async () => {
    session = fakeSession('ml-engineer');
    const user = userEvent.setup();
    renderWithConsole(
      <Routes>
        <Route path="/jobs/:id" element={<JobPage />} />
      </Routes>,
      `/jobs/${ID}`,
    );
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(json.calls.some((c) => c.method === 'POST')).toBe(false);
    const dialog = await screen.findByRole('dialog', { name: 'Cancel this job?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel job' }));
    await waitFor(() =>
      expect(json.calls.find((c) => c.method === 'POST')?.url).toBe(`/api/v1/jobs/${ID}/cancel`),
    );
  });
});
