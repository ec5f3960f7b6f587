import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelVersion } from '@alloy/sdk/types';
import type { Session } from '../../auth/session-provider';
import { fakeFetch, fakeSession } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { EvaluationPage } from './evaluation-page';

let session: Session;
vi.mock('../../auth/session-provider', () => ({ useSession: () => session }));

const version = (
  n: number,
  parent: string | null,
  metrics: Record<string, number>,
): ModelVersion => ({
  id: `v${n}`,
  model: 'fin',
  version: n,
  parentVersionId: parent,
  jobId: null,
  datasetVersionIds: [],
  status: 'ready',
  metrics,
  hyperparameters: {},
  description: '',
  aliases: [],
  gateOverrides: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

const v1 = version(1, null, { disclosure_rate: 0.2, eval_loss: 2.5 });
const v2 = version(2, 'v1', { disclosure_rate: 0.6, eval_loss: 2.1 });
const v3 = version(3, 'v2', { eval_loss: 1.9 });
const INFERENCE = 'http://inference.test';
const NOT_EVALUATED = {
  model: 'fin',
  version: 3,
  versionId: 'v3',
  evaluation: null,
  parent: {
    subject: { kind: 'version', id: 'v2', name: '2' },
    evaluation: null,
    sameDatasets: false,
    deltas: [],
  },
  base: {
    subject: { kind: 'base-model', id: 'b', name: 'tiny' },
    evaluation: null,
    sameDatasets: false,
    deltas: [],
  },
  gate: { domain: 'finance', passed: false, thresholds: {}, checks: [] },
  overrides: [],
};

describe('EvaluationPage', () => {
  let fetchMock: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    session = fakeSession('ml-engineer');
    fetchMock = fakeFetch({
      'GET /api/v1/models': { items: [{ name: 'fin', domain: 'finance' }], nextCursor: null },
      'GET /api/v1/models/fin/versions': { items: [v3, v2, v1], nextCursor: null },
      'GET /console/config.json': { inferenceUrl: INFERENCE },
      'GET /api/v1/model-versions/v3/lineage': {
        version: v3,
        ancestors: [
          { id: 'v2', version: 2, model: 'fin' },
          { id: 'v1', version: 1, model: 'fin' },
        ],
      },
      'GET /api/v1/model-versions/v2': v2,
      'GET /api/v1/models/fin/versions/3/evaluation': NOT_EVALUATED,
      'GET /api/v1/model-versions/v1': v1,
      [`GET ${INFERENCE}/v1/models/fin/plugins`]: {
        model: 'fin',
        version: 3,
        plugins: [{ id: 'alloy.finance', version: '1.0.0' }],
        tools: [],
        evaluators: [
          { name: 'disclosure', description: 'Adds risk disclosures', plugin: 'alloy.finance' },
        ],
      },
      [`POST ${INFERENCE}/v1/models/fin/evaluations`]: {
        model: 'fin',
        version: 3,
        evaluator: 'disclosure',
        plugin: 'alloy.finance',
        metrics: { disclosure_rate: 0.4 },
        cases: 20,
        failures: 0,
      },
    });
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('runs a plugin evaluator and marks the run against the parent and the base', async () => {
    const user = userEvent.setup();
    renderWithConsole(<EvaluationPage />, '/evaluation?model=fin');
    await user.click(await screen.findByRole('button', { name: 'Run on v3' }));
    expect(await screen.findByText('disclosure on v3')).toBeTruthy();
    expect(fetchMock.calls.find((c) => c.method === 'POST')?.body).toEqual({
      evaluator: 'disclosure',
      version: 3,
    });
    // 0.4 against the parent's 0.6 (worse) and the base's 0.2 (better).
    expect(screen.getByLabelText('worse than the parent')).toBeTruthy();
    expect(screen.getByLabelText('better than the base')).toBeTruthy();
    expect(screen.getByText('v3 has not been evaluated', { exact: false })).toBeTruthy();
  });

  it('offers no run to a role that may not call inference', async () => {
    session = fakeSession('viewer');
    renderWithConsole(<EvaluationPage />, '/evaluation?model=fin');
    expect(await screen.findByText('disclosure')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Run on/ })).toBeNull();
  });
});
