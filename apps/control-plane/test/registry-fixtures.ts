import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { inject } from 'vitest';
import { api, type Harness, uniqueName, writeHfModel } from './control-plane-harness';

/** A ready dataset version whose cleaned JSONL sits on the artifact store (as ingestion leaves it). */
export async function insertDatasetVersion(
  h: Harness,
  kind: 'corpus' | 'chat' | 'multiple_choice',
  records: object[],
  domain = 'finance',
): Promise<string> {
  const name = uniqueName(`ds-${kind.replace('_', '-')}`);
  const key = `datasets/${name}/v1/data.jsonl`;
  const body = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  await mkdir(path.dirname(path.join(h.artifactRoot, key)), { recursive: true });
  await writeFile(path.join(h.artifactRoot, key), body);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const db = new Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    const dataset = await db.query<{ id: string }>(
      `INSERT INTO datasets (organization_id, name, kind, domain_id)
       SELECT o.id, $1, $2, d.id FROM organizations o, domains d WHERE o.name = 'default' AND d.name = $3 RETURNING id`,
      [name, kind, domain],
    );
    const version = await db.query<{ id: string }>(
      `INSERT INTO dataset_versions (dataset_id, version, status, source_sha256, source_bytes, source_format, sha256, record_count, artifact_uri, artifact_key)
       VALUES ($1, 1, 'ready', $2, $3, 'jsonl', $2, $4, $5, $6) RETURNING id`,
      [dataset.rows[0].id, sha256, Buffer.byteLength(body), records.length, `file://${key}`, key],
    );
    return version.rows[0].id;
  } finally {
    await db.end();
  }
}

/** A base model, and a model on it; returns the model name. */
export async function createModel(
  h: Harness,
  prefix: string,
  baseKeyWriter = writeHfModel,
): Promise<{ model: string; base: string }> {
  const client = api(h);
  const base = uniqueName(`${prefix}-base`);
  const written = await baseKeyWriter(h, `base-models/${base}`);
  const registered = await client.post('/api/v1/base-models', { name: base, path: written.key });
  if (registered.status !== 201) throw new Error(JSON.stringify(registered.body));
  const model = uniqueName(prefix);
  const created = await client.post('/api/v1/models', {
    name: model,
    domain: 'finance',
    baseModel: base,
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  return { model, base };
}
