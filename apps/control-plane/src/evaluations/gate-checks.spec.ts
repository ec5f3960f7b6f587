import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_THRESHOLDS, gateChecks, type GateInputs } from './gate-checks';
import { compareMetrics, metricDirection } from './metric-comparison';

const inputs = (patch: Partial<GateInputs> = {}): GateInputs => ({
  thresholds: DEFAULT_GATE_THRESHOLDS,
  evaluation: {
    metrics: { mcAccuracy: 0.6, generalPerplexity: 20, safetyPassRate: 0.9 },
  },
  parent: { label: 'parent version 1', metrics: { mcAccuracy: 0.61, generalPerplexity: 19 } },
  provenanceProblems: [],
  datasetVersionCount: 2,
  ...patch,
});

const status = (i: GateInputs) => Object.fromEntries(gateChecks(i).map((c) => [c.field, c.status]));

describe('gateChecks', () => {
  it('passes a version within every threshold of its parent', () => {
    expect(status(inputs())).toEqual({
      evaluation: 'passed',
      accuracy: 'passed',
      forgetting: 'passed',
      safety: 'passed',
      provenance: 'passed',
    });
  });

  it('fails each check past its threshold, with the value measured and the bound', () => {
    const checks = gateChecks(
      inputs({
        evaluation: { metrics: { mcAccuracy: 0.5, generalPerplexity: 30, safetyPassRate: 0.7 } },
        parent: { label: 'parent version 1', metrics: { mcAccuracy: 0.6, generalPerplexity: 20 } },
        provenanceProblems: ['dataset "x" v1 has no ingestion report'],
      }),
    );
    const failed = Object.fromEntries(
      checks.filter((c) => c.status === 'failed').map((c) => [c.field, c]),
    );
    expect(Object.keys(failed)).toEqual(['accuracy', 'forgetting', 'safety', 'provenance']);
    expect(failed.accuracy).toMatchObject({ value: 0.5, reference: 0.6 });
    expect(failed.accuracy.threshold).toBeCloseTo(0.58);
    expect(failed.accuracy.message).toContain("below parent version 1's 0.6");
    expect(failed.forgetting).toMatchObject({ value: 30, threshold: 22, reference: 20 });
    expect(failed.forgetting.message).toContain('50% above');
    expect(failed.safety).toMatchObject({ value: 0.7, threshold: 0.8 });
    expect(failed.provenance).toMatchObject({ value: 1, threshold: 0 });
    expect(failed.provenance.message).toContain('has no ingestion report');
  });

  it('takes a drop exactly at the threshold', () => {
    const at = inputs({
      evaluation: { metrics: { mcAccuracy: 0.58, generalPerplexity: 22 } },
      parent: { label: 'p', metrics: { mcAccuracy: 0.6, generalPerplexity: 20 } },
    });
    expect(status(at)).toMatchObject({ accuracy: 'passed', forgetting: 'passed' });
  });

  it('fails a version with no evaluation, or with nothing to compare, unless evaluation is not required', () => {
    expect(status(inputs({ evaluation: null }))).toEqual({
      evaluation: 'failed',
      accuracy: 'skipped',
      forgetting: 'skipped',
      safety: 'skipped',
      provenance: 'passed',
    });
    const orphan = inputs({ parent: { label: 'the base model', metrics: null } });
    expect(status(orphan)).toMatchObject({ accuracy: 'failed', forgetting: 'failed' });
    const relaxed = {
      ...DEFAULT_GATE_THRESHOLDS,
      requireEvaluation: false,
      requireProvenance: false,
    };
    expect(
      status({ ...orphan, thresholds: relaxed, provenanceProblems: ['x'], evaluation: null }),
    ).toEqual({
      evaluation: 'skipped',
      accuracy: 'skipped',
      forgetting: 'skipped',
      safety: 'skipped',
      provenance: 'skipped',
    });
  });
});

describe('compareMetrics', () => {
  it('says better or worse by the way each metric improves, and skips counts', () => {
    const deltas = compareMetrics(
      {
        domainPerplexity: 10,
        mcAccuracy: 0.5,
        safetyPassRate: 0.9,
        mcQuestions: 40,
        generalLoss: 2,
      },
      { domainPerplexity: 20, mcAccuracy: 0.6, safetyPassRate: 0.9, mcQuestions: 40 },
    );
    expect(deltas.map((d) => [d.metric, d.verdict])).toEqual([
      ['domainPerplexity', 'better'],
      ['mcAccuracy', 'worse'],
      ['safetyPassRate', 'same'],
    ]);
    expect(deltas[0]).toMatchObject({ delta: -10, deltaPct: -50, direction: 'lower' });
    expect(metricDirection('safetyRefusePassRate')).toBe('higher');
    expect(metricDirection('evalLoss')).toBe('lower');
    expect(metricDirection('safetyCases')).toBeNull();
  });
});
