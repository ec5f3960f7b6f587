import { describe, expect, it } from 'vitest';
import type { JobSpec } from './job-spec';
import { validateJobEvent, validateJobSpec } from './schema-validation';

const evaluateSpec = (patch: Partial<JobSpec> = {}): JobSpec => ({
  specVersion: 1,
  jobId: 'eval-1',
  kind: 'evaluate',
  method: 'full',
  base: { path: 'model' },
  datasets: [
    { path: 'domain.jsonl', role: 'eval', format: 'corpus', split: 'heldout' },
    { path: 'general.jsonl', role: 'general_eval', format: 'corpus', split: 'all' },
    { path: 'safety.jsonl', role: 'safety_eval', format: 'safety' },
  ],
  hyperparameters: {},
  precision: 'fp32',
  evaluation: { maxNewTokens: 48, samplePrompts: ['What is credit risk?'] },
  output: { dir: 'out' },
  ...patch,
});

describe('evaluation in the job spec', () => {
  it('accepts the general and safety roles, the held-out split and the evaluation block', () => {
    expect(validateJobSpec(evaluateSpec())).toEqual(expect.objectContaining({ ok: true }));
  });

  it('names the field of a split or a generation length it does not know', () => {
    const badSplit = evaluateSpec();
    (badSplit.datasets[0] as { split: string }).split = 'test';
    const r1 = validateJobSpec(badSplit);
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.errors.map((e) => e.field)).toContain('datasets.0.split');

    const r2 = validateJobSpec(evaluateSpec({ evaluation: { maxNewTokens: 513 } }));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.errors.map((e) => e.field)).toContain('evaluation.maxNewTokens');
  });
});

describe('an evaluate job completed event', () => {
  const completed = (evaluation: unknown, metrics: unknown = { domainPerplexity: 12.5 }) => ({
    type: 'completed',
    time: '2024-01-01T00:00:00Z',
    manifest: { format: 'evaluation', files: [], metrics, evaluation },
  });

  it('carries the safety cases, samples and datasets measured', () => {
    const r = validateJobEvent(
      completed({
        safety: [{ id: '1', prompt: 'p', expect: 'refuse', passed: true, answer: "I can't help" }],
        samples: [{ prompt: 'The bank', output: ' raised rates', mode: 'completion' }],
        datasets: [{ versionId: null, role: 'eval', split: 'heldout', documents: 3, tokens: 90 }],
      }),
    );
    expect(r.ok).toBe(true);
  });

  it('rejects a safety case without its verdict and a metric that is not a number', () => {
    const r1 = validateJobEvent(
      completed({ safety: [{ id: '1', prompt: 'p', expect: 'refuse', answer: '' }] }),
    );
    expect(r1.ok).toBe(false);
    if (!r1.ok)
      expect(r1.errors.map((e) => e.field)).toContain('manifest.evaluation.safety.0.passed');
    const r2 = validateJobEvent(completed({}, { mcAccuracy: 'NaN' }));
    expect(r2.ok).toBe(false);
  });
});
