import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { inject } from 'vitest';
import { api, type Harness, uniqueName, writeHfModel } from './control-plane-harness';

/** What ingestion records of a clean upload: PII scrubbed, duplicates removed (provenance). */
export const CLEAN_INGESTION_REPORT = {
  reportVersion: 1,
  settings: { pii: true, dedup: { exact: true, near: true } },
  pii: { total: 0, recordsAffected: 0, byType: {} },
  duplicates: { exact: { count: 0, examples: [] }, near: { count: 0, examples: [] } },
};

/**
 * A ready dataset version whose cleaned JSONL sits on the artifact store (as ingestion leaves it),
 * in the default organisation unless `options.organization` names another; with no ingestion
 * report unless `options.report` gives one.
 */
export async function insertDatasetVersion(
  h: Harness,
  kind: 'corpus' | 'chat' | 'multiple_choice' | 'safety',
  records: object[],
  domain = 'finance',
  options: { organization?: string; report?: object | null } = {},
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
       SELECT o.id, $1, $2, d.id FROM organizations o, domains d WHERE o.name = $4 AND d.name = $3 RETURNING id`,
      [name, kind, domain, options.organization ?? 'default'],
    );
    const version = await db.query<{ id: string }>(
      `INSERT INTO dataset_versions (dataset_id, version, status, source_sha256, source_bytes, source_format, sha256, record_count, artifact_uri, artifact_key, report)
       VALUES ($1, 1, 'ready', $2, $3, 'jsonl', $2, $4, $5, $6, $7) RETURNING id`,
      [
        dataset.rows[0].id,
        sha256,
        Buffer.byteLength(body),
        records.length,
        `file://${key}`,
        key,
        options.report ? JSON.stringify(options.report) : null,
      ],
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

/**
 * For suites about moving aliases rather than about evidence: the platform organisation's
 * promotion gate for `domain` stops asking for an evaluation and provenance. Returns the undo
 * (the organisation's own thresholds as they were).
 */
export async function relaxPromotionGate(
  h: Harness,
  domain = 'finance',
): Promise<() => Promise<void>> {
  const client = api(h);
  const before = await client.get(`/api/v1/organization/promotion-gates/${domain}`);
  if (before.status !== 200) throw new Error(JSON.stringify(before.body));
  const relaxed = await client.put(`/api/v1/organization/promotion-gates/${domain}`, {
    ...before.body.custom,
    requireEvaluation: false,
    requireProvenance: false,
  });
  if (relaxed.status !== 200) throw new Error(JSON.stringify(relaxed.body));
  return async () => {
    await client.put(`/api/v1/organization/promotion-gates/${domain}`, before.body.custom);
  };
}
