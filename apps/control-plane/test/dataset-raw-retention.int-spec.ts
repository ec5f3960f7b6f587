import { existsSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ArtifactStore } from '@alloy/artifact-store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ARTIFACT_STORE } from '../src/artifacts/artifacts.module';
import { RawUploadRetention } from '../src/datasets/raw-upload-retention';
import { api, type Harness, startControlPlane } from './control-plane-harness';
import { createDataset, uploadVersion, waitIngested } from './dataset-fixtures';

const HOUR = 3600_000;

const NOTES = [
  'the central bank kept its policy rate unchanged this quarter, and analysts expect lending growth to slow as banks tighten credit standards for small firms.',
  'bond yields rose after the inflation report, which pushed mortgage rates to their highest level in a decade and cooled demand for new housing loans.',
  'the regional lender raised its provisions for bad loans because several commercial property borrowers missed payments during the winter months.',
];

const corpus = (topic: string): string =>
  NOTES.map((note) => JSON.stringify({ text: `On ${topic}: ${note}` })).join('\n');

/** Uploads a corpus and waits for its ingestion; returns the finished version. */
async function ingest(h: Harness, body = corpus('rates')) {
  const client = api(h);
  const name = await createDataset(client, 'corpus', 'raw');
  const up = await uploadVersion(h, name, body, '?fileName=notes.jsonl');
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  expect(up.body).toMatchObject({ rawRetained: true, rawRetainedUntil: null });
  const version = await waitIngested(client, name, 1);
  return { name, version };
}

/**
 * The version once its raw upload is gone: deleting follows the commit of the outcome, so a
 * version may be seen finished a moment before.
 */
async function whenRawDeleted(h: Harness, id: string) {
  const end = Date.now() + 10_000;
  for (;;) {
    const { body } = await api(h).get(`/api/v1/dataset-versions/${id}`);
    if (!body.rawRetained || Date.now() > end) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The raw upload of a version as stored, beside the request that came with it. */
const rawFile = (h: Harness, name: string, id: string) =>
  path.join(h.artifactRoot, 'datasets', name, 'uploads', id, 'source');

describe('raw uploads with the default retention (none)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startControlPlane();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('deletes the raw upload once ingested and keeps the cleaned records', async () => {
    const { name, version } = await ingest(h);
    expect(version.status).toBe('ready');
    expect(await whenRawDeleted(h, version.id)).toMatchObject({
      rawRetained: false,
      rawRetainedUntil: null,
    });
    expect(existsSync(rawFile(h, name, version.id))).toBe(false);
    expect(existsSync(path.dirname(rawFile(h, name, version.id)))).toBe(false);
    expect(existsSync(path.join(h.artifactRoot, version.artifactKey))).toBe(true);
    const preview = await api(h).get(`/api/v1/datasets/${name}/versions/1/preview`);
    expect(preview.body.records).toHaveLength(NOTES.length);
  });

  it('keeps the raw upload through a failed attempt, so that the retry can read it', async () => {
    const store = h.app.get<ArtifactStore>(ARTIFACT_STORE);
    const openRead = store.openRead.bind(store);
    let failedWithRawThere: boolean | undefined;
    const spy = vi.spyOn(store, 'openRead').mockImplementation((key: string) => {
      if (failedWithRawThere !== undefined || !key.endsWith('/source')) return openRead(key);
      // The first read of a raw upload fails as a store outage would.
      failedWithRawThere = existsSync(path.join(h.artifactRoot, key));
      const broken = new PassThrough();
      setImmediate(() => broken.destroy(new Error('artifact store unavailable')));
      return broken;
    });
    try {
      const { name, version } = await ingest(h);
      expect(version.status, version.error).toBe('ready');
      expect(failedWithRawThere).toBe(true);
      expect(spy.mock.calls.filter(([key]) => key.endsWith('/source'))).toHaveLength(2);
      expect(await whenRawDeleted(h, version.id)).toMatchObject({
        rawRetained: false,
        rawRetainedUntil: null,
      });
      expect(existsSync(rawFile(h, name, version.id))).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  it('deletes the raw upload of a version whose ingestion failed for good', async () => {
    const { name, version } = await ingest(h, '{"text": "never closed\n{"text": \n');
    expect(version.status).toBe('failed');
    expect(await whenRawDeleted(h, version.id)).toMatchObject({
      rawRetained: false,
      rawRetainedUntil: null,
    });
    expect(existsSync(rawFile(h, name, version.id))).toBe(false);
  });
});

describe('raw uploads with DATASET_RAW_RETENTION_HOURS=24', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startControlPlane({ DATASET_RAW_RETENTION_HOURS: '24' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('keeps the raw upload until the version says, then the sweep deletes it', async () => {
    const started = Date.now();
    const { name, version } = await ingest(h);
    const finished = Date.now();
    expect(version.status).toBe('ready');
    expect(version.rawRetained).toBe(true);
    const until = Date.parse(version.rawRetainedUntil);
    expect(until).toBeGreaterThanOrEqual(started + 24 * HOUR);
    expect(until).toBeLessThanOrEqual(finished + 24 * HOUR);
    const raw = rawFile(h, name, version.id);
    expect(existsSync(raw)).toBe(true);

    const retention = h.app.get(RawUploadRetention);
    await retention.sweep(new Date(until - 1));
    expect(existsSync(raw)).toBe(true);
    const kept = await api(h).get(`/api/v1/dataset-versions/${version.id}`);
    expect(kept.body).toMatchObject({
      rawRetained: true,
      rawRetainedUntil: version.rawRetainedUntil,
    });

    expect(await retention.sweep(new Date(until))).toBeGreaterThanOrEqual(1);
    expect(existsSync(raw)).toBe(false);
    const swept = await api(h).get(`/api/v1/datasets/${name}/versions/1`);
    expect(swept.body).toMatchObject({
      status: 'ready',
      rawRetained: false,
      rawRetainedUntil: null,
    });
    expect(existsSync(path.join(h.artifactRoot, swept.body.artifactKey))).toBe(true);
  });
});
