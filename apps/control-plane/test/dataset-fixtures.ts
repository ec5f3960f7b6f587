import { expect } from 'vitest';
import { type api, bearer, type Harness, uniqueName } from './control-plane-harness';

type Client = ReturnType<typeof api>;

/** Creates a dataset of `kind` in the finance domain; returns its name. */
export async function createDataset(client: Client, kind: string, prefix = 'ds'): Promise<string> {
  const name = uniqueName(`${prefix}-${kind.replace('_', '-')}`);
  const res = await client.post('/api/v1/datasets', { name, kind, domain: 'finance' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return name;
}

/** Uploads a raw body as the next version of a dataset (the JSON client cannot send one). */
export async function uploadVersion(
  h: Harness,
  dataset: string,
  body: string | Buffer,
  query = '',
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${h.baseUrl}/api/v1/datasets/${dataset}/versions${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...bearer() },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Polls a version until its ingestion has finished (ready or failed); returns the last body. */
export async function waitIngested(
  client: Client,
  dataset: string,
  version: number,
  ms = 90_000,
): Promise<any> {
  const end = Date.now() + ms;
  for (;;) {
    const res = await client.get(`/api/v1/datasets/${dataset}/versions/${version}`);
    const status = res.body?.status;
    if (status === 'ready' || status === 'failed' || Date.now() > end) return res.body;
    await new Promise((r) => setTimeout(r, 200));
  }
}
