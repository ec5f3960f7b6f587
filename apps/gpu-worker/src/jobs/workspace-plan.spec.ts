import { validateJobSpec, type TrainingJobData } from '@alloy/contracts';
import { describe, expect, it } from 'vitest';
import { checkpointKey, InvalidJobError, planWorkspace } from './workspace-plan';

const SHA = 'a'.repeat(64);

function jobData(): TrainingJobData {
  return {
    protocolVersion: 1,
    jobId: 'job-1',
    spec: {
      specVersion: 1,
      jobId: 'job-1',
      kind: 'continued_pretraining',
      method: 'full',
      base: { versionId: 'v1', path: 'models/fin/1' },
      tokenizer: { path: 'tokenizers/t1' },
      datasets: [
        { path: 'datasets/fin/3/data.jsonl', role: 'train', format: 'corpus' },
        { path: 'datasets/gen/1/data.jsonl', role: 'replay', format: 'corpus', sha256: SHA },
        { path: 'datasets/fin/3/data.jsonl', role: 'eval', format: 'corpus' },
      ],
      hyperparameters: { maxSteps: 5, replayRatio: 0.2 },
      precision: 'fp32',
      output: { dir: 'jobs/job-1/output' },
    },
    inputs: {
      base: { key: 'models/fin/1', files: [{ path: 'config.json', sha256: SHA, bytes: 2 }] },
      datasets: [{ key: 'datasets/fin/3/data.jsonl', sha256: 'b'.repeat(64) }],
    },
  };
}

describe('planWorkspace', () => {
  it('maps every store key to a fixed local path and keeps the rest of the spec', () => {
    const plan = planWorkspace(jobData());
    expect(plan.spec.base).toEqual({ versionId: 'v1', path: 'inputs/base' });
    expect(plan.spec.tokenizer).toEqual({ path: 'inputs/tokenizer' });
    expect(plan.spec.datasets.map((d) => d.path)).toEqual([
      'inputs/datasets/0-data.jsonl',
      'inputs/datasets/1-data.jsonl',
      'inputs/datasets/0-data.jsonl',
    ]);
    expect(plan.spec.datasets[1]?.sha256).toBe(SHA);
    expect(plan.spec.output).toEqual({ dir: 'output/model', checkpointDir: 'checkpoints' });
    expect(plan.spec.hyperparameters).toEqual({ maxSteps: 5, replayRatio: 0.2 });
    expect(plan.base).toEqual({
      key: 'models/fin/1',
      files: [{ path: 'config.json', sha256: SHA, bytes: 2 }],
      local: 'inputs/base',
    });
    // one download per distinct key, checked against the inputs (else the spec's own sha256)
    expect(plan.datasets).toEqual([
      {
        key: 'datasets/fin/3/data.jsonl',
        sha256: 'b'.repeat(64),
        local: 'inputs/datasets/0-data.jsonl',
      },
      { key: 'datasets/gen/1/data.jsonl', sha256: SHA, local: 'inputs/datasets/1-data.jsonl' },
    ]);
    expect(plan.output).toEqual({ key: 'jobs/job-1/output', local: 'output/model' });
    expect(plan.checkpoints).toEqual({
      key: 'jobs/job-1/checkpoints/job-1',
      local: 'checkpoints',
    });
    expect(validateJobSpec(plan.spec).ok).toBe(true);
  });

  it('leaves the queued spec untouched and gives the same local spec every time', () => {
    const data = jobData();
    const before = JSON.stringify(data);
    expect(planWorkspace(data).spec).toEqual(planWorkspace(data).spec);
    expect(JSON.stringify(data)).toBe(before);
  });

  it('uses the checkpoint key the spec names', () => {
    const data = jobData();
    data.spec.output.checkpointDir = 'jobs/job-1/checkpoints';
    expect(checkpointKey(data.spec)).toBe('jobs/job-1/checkpoints');
    expect(planWorkspace(data).spec.output.checkpointDir).toBe('checkpoints');
  });

  it('refuses a dataset without any sha256, other versions and mismatched ids', () => {
    const noSha = jobData();
    // an empty sha256 is no sha256
    noSha.inputs.datasets = [{ key: 'datasets/fin/3/data.jsonl', sha256: '' }];
    expect(() => planWorkspace(noSha)).toThrow(/spec\.datasets\.0\.path: no sha256/);

    const version = jobData();
    (version.spec as { specVersion: number }).specVersion = 2;
    expect(() => planWorkspace(version)).toThrow(InvalidJobError);

    const ids = jobData();
    ids.spec.jobId = 'job-2';
    expect(() => planWorkspace(ids)).toThrow(/spec\.jobId/);
  });

  it('refuses output and checkpoint keys outside jobs/<job id>/', () => {
    const outside = [
      'models/fin/2',
      'jobs/job-2/output',
      'jobs/job-1',
      'jobs/job-1/',
      'jobs/job-1/../job-2/output',
      'jobs/job-1/./output',
      'jobs/job-1//output',
      '/jobs/job-1/output',
      'jobs\\job-1\\output',
      'datasets/fin/3',
    ];
    for (const dir of outside) {
      const data = jobData();
      data.spec.output = { dir, checkpointDir: 'jobs/job-1/checkpoints' };
      expect(() => planWorkspace(data), dir).toThrow(InvalidJobError);
      expect(() => planWorkspace(data), dir).toThrow(
        /^spec\.output\.dir: .* is not under jobs\/job-1\//,
      );
    }
    for (const checkpointDir of outside) {
      const data = jobData();
      data.spec.output = { dir: 'jobs/job-1/output', checkpointDir };
      expect(() => planWorkspace(data), checkpointDir).toThrow(/^spec\.output\.checkpointDir: /);
    }
    // the default checkpoint key follows the output: outside when the output is
    const implicit = jobData();
    implicit.spec.output = { dir: 'jobs/job-1' };
    expect(() => planWorkspace(implicit)).toThrow(/^spec\.output\.dir: /);
  });

  it('refuses checkpoints inside the output directory, or the reverse', () => {
    for (const [dir, checkpointDir] of [
      ['jobs/job-1/output', 'jobs/job-1/output/checkpoints'],
      ['jobs/job-1/checkpoints/model', 'jobs/job-1/checkpoints'],
      ['jobs/job-1/output', 'jobs/job-1/output'],
    ] as const) {
      const data = jobData();
      data.spec.output = { dir, checkpointDir };
      expect(() => planWorkspace(data)).toThrow(/^spec\.output\.checkpointDir: .* overlaps/);
    }
  });
});
