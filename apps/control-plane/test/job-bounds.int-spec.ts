import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, startControlPlane } from './control-plane-harness';
import { createModel, insertDatasetVersion } from './registry-fixtures';

describe('upper bounds on what a job may ask for', () => {
  let h: Harness;
  let client: ReturnType<typeof api>;
  let model: string;
  let chat: string;

  beforeAll(async () => {
    h = await startControlPlane();
    client = api(h);
    ({ model } = await createModel(h, 'bounds'));
    chat = await insertDatasetVersion(h, 'chat', [
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
      },
    ]);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers each hyperparameter beyond its bound with 400 naming it, and creates nothing', async () => {
    const cases: [object, string][] = [
      [{ hyperparameters: { maxSteps: 10_000_001 } }, 'hyperparameters.maxSteps'],
      [{ hyperparameters: { epochs: 1e9 } }, 'hyperparameters.epochs'],
      [{ hyperparameters: { seqLen: 1_000_000 } }, 'hyperparameters.seqLen'],
      [{ hyperparameters: { batchSize: 1_048_576 } }, 'hyperparameters.batchSize'],
      [
        { hyperparameters: { batchSize: 5000, gradientAccumulation: 5000 } },
        'hyperparameters.gradientAccumulation',
      ],
      [{ hyperparameters: { warmupSteps: 1e12 } }, 'hyperparameters.warmupSteps'],
      [{ hyperparameters: { learningRate: 5 } }, 'hyperparameters.learningRate'],
      [{ hyperparameters: { lora: { rank: 4096 } } }, 'hyperparameters.lora.rank'],
      [{ hyperparameters: { lora: { alpha: 1e6 } } }, 'hyperparameters.lora.alpha'],
      [
        { method: 'adapter', hyperparameters: { adapter: { bottleneck: 1_000_000 } } },
        'hyperparameters.adapter.bottleneck',
      ],
      [{ hyperparameters: { evalBatches: 1e9 } }, 'hyperparameters.evalBatches'],
      [{ resources: { gpuMemoryGb: 100_000 } }, 'resources.gpuMemoryGb'],
    ];
    for (const [fields, field] of cases) {
      const res = await client.post('/api/v1/jobs', {
        model,
        kind: 'sft',
        method: 'lora',
        datasetVersionIds: [chat],
        ...fields,
      });
      expect(res.status, field).toBe(400);
      expect(res.body.error.details, field).toEqual([
        { field, message: expect.stringMatching(/must (be <=|not be greater than)/) },
      ]);
    }
    const pipeline = await client.post('/api/v1/pipelines', {
      model,
      steps: [
        { kind: 'sft', datasetVersionIds: [chat] },
        { kind: 'sft', datasetVersionIds: [chat], hyperparameters: { maxSteps: 1e15 } },
      ],
    });
    expect(pipeline.status).toBe(400);
    expect(pipeline.body.error.details[0].field).toBe('steps.1.hyperparameters.maxSteps');
    expect((await client.get(`/api/v1/jobs?model=${model}`)).body.items).toEqual([]);
  });
});
