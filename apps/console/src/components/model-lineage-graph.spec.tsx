import type { ModelVersion } from '@alloy/sdk/types';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithConsole } from '../test/render';
import { buildLineageGraph, type Lineage, ModelLineageGraph } from './model-lineage-graph';

const version = (over: Partial<ModelVersion>): ModelVersion => ({
  id: 'v2',
  model: 'fin-advisor',
  version: 2,
  parentVersionId: 'v1',
  jobId: 'job-2',
  datasetVersionIds: ['ds-chat'],
  status: 'ready',
  metrics: {},
  hyperparameters: { kind: 'sft', method: 'lora' },
  description: '',
  aliases: [],
  gateOverrides: [],
  createdAt: '2025-01-02T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
  ...over,
});

/** fin-base -> v1 (continued pretraining) -> v2 (instruction tuning, the one asked about) -> v3. */
const LINEAGE: Lineage = {
  version: version({}),
  ancestors: [
    {
      id: 'v1',
      model: 'fin-advisor',
      version: 1,
      parentVersionId: null,
      depth: 1,
      status: 'ready',
    },
  ],
  descendants: [
    {
      id: 'v3',
      model: 'fin-advisor',
      version: 3,
      parentVersionId: 'v2',
      depth: 1,
      status: 'failed',
    },
  ],
};

const FACTS = {
  v1: { kind: 'continued_pretraining', method: 'full', datasetVersionIds: ['ds-corpus'] },
  v3: { kind: 'sft', method: 'full', datasetVersionIds: ['ds-chat'] },
};

describe('buildLineageGraph', () => {
  it('chains base model, ancestors, the version and its descendants, with datasets beside them', () => {
    const { nodes, edges } = buildLineageGraph({
      lineage: LINEAGE,
      baseModel: 'tiny-llama',
      facts: FACTS,
      datasets: { 'ds-corpus': 'fin-corpus@1', 'ds-chat': 'fin-chat@2' },
    });
    expect(nodes.map((n) => n.id).sort()).toEqual(
      ['base:tiny-llama', 'dataset:ds-chat', 'dataset:ds-corpus', 'v1', 'v2', 'v3'].sort(),
    );
    expect(edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(
      [
        'base:tiny-llama->v1',
        'v1->v2',
        'v2->v3',
        'dataset:ds-corpus->v1',
        'dataset:ds-chat->v2',
        'dataset:ds-chat->v3',
      ].sort(),
    );
    // Generations read left to right.
    const x = (id: string) => nodes.find((n) => n.id === id)!.position.x;
    expect(x('base:tiny-llama')).toBeLessThan(x('v1'));
    expect(x('v1')).toBeLessThan(x('v2'));
    expect(x('v2')).toBeLessThan(x('v3'));
  });
});

describe('ModelLineageGraph', () => {
  it('draws a node per version with how it was trained and its status, and the edges between', async () => {
    const onSelect = vi.fn();
    renderWithConsole(
      <ModelLineageGraph
        lineage={LINEAGE}
        baseModel="tiny-llama"
        facts={FACTS}
        datasets={{ 'ds-corpus': 'fin-corpus@1', 'ds-chat': 'fin-chat@2' }}
        onSelectVersion={onSelect}
      />,
    );
    const v1 = await screen.findByTestId('lineage-version-v1');
    expect(v1.textContent).toContain('v1');
    expect(v1.textContent).toContain('continued pretraining · full');
    expect(screen.getByTestId('lineage-version-v2').textContent).toContain(
      'instruction tuning · lora',
    );
    expect(screen.getByTestId('lineage-version-v3').textContent).toContain('failed');
    expect(screen.getByText('tiny-llama')).toBeTruthy();
    expect(screen.getByText('fin-corpus@1')).toBeTruthy();
    expect(screen.getByText('fin-chat@2')).toBeTruthy();
    await waitFor(() => {
      const drawn = [...document.querySelectorAll('[data-testid^="rf__edge-"]')].map((e) =>
        e.getAttribute('data-testid'),
      );
      expect(drawn).toEqual(
        expect.arrayContaining([
          'rf__edge-base:tiny-llama->v1',
          'rf__edge-v1->v2',
          'rf__edge-v2->v3',
          'rf__edge-dataset:ds-corpus->v1',
        ]),
      );
    });
    v1.click();
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'v1', version: 1 }));
  });

  it('names a version of another model by model and version', async () => {
    renderWithConsole(
      <ModelLineageGraph
        lineage={{
          ...LINEAGE,
          ancestors: [{ ...LINEAGE.ancestors[0], model: 'fin-base-cpt' }],
          descendants: [],
        }}
      />,
    );
    expect((await screen.findByTestId('lineage-version-v1')).textContent).toContain(
      'fin-base-cpt@1',
    );
    expect(screen.getByTestId('lineage-version-v1').textContent).toContain('registered artifact');
  });
});
