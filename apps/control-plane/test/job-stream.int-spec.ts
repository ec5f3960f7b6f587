import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, type Harness, startControlPlane } from './control-plane-harness';
import { createModel, insertDatasetVersion } from './registry-fixtures';

describe("a job's live events (Server-Sent Events)", () => {
  let h: Harness;
  let jobId: string;

  const stream = (id: string) =>
    fetch(`${h.baseUrl}/api/v1/jobs/${id}/events/stream`, {
      headers: { authorization: `Bearer ${adminToken()}` },
      signal: AbortSignal.timeout(20_000),
    });

  beforeAll(async () => {
    h = await startControlPlane();
    const { model } = await createModel(h, 'stream');
    const corpus = await insertDatasetVersion(h, 'corpus', [{ text: 'The bank raised rates.' }]);
    const job = await api(h).post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
    });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    jobId = job.body.id;
    expect((await api(h).post(`/api/v1/jobs/${jobId}/cancel`)).status).toBeLessThan(300);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('streams the events of a finished job to its end', async () => {
    const response = await stream(jobId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text).toMatch(/^event: end$/m);
    expect(text).not.toMatch(/^event: error$/m);
  });

  it('answers an unknown job 404 before any event, not 200 with an error event', async () => {
    const response = await stream('7d3f1d7e-0000-4000-8000-000000000000');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'JOB_NOT_FOUND',
    );
  });
});
