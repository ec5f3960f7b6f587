import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { hashSecret, newToken } from '@alloy/identity';
import { createTrainerModel } from '@alloy/model-builder';
import type { Client } from 'pg';

export interface ServedModel {
  model: string;
  deployment: string;
  /** A partner key of the default organisation, as a partner's app calls the model. */
  token: string;
}

/**
 * A model made by the trainer's own init-model (`config`: the trainer's `--config`, a size preset or JSON), registered
 * as version 1 and deployed at 100%: the rows the control plane writes when a user deploys a
 * trained version, which is all a model server reads.
 */
export async function serveTrainerModel(
  db: Client,
  artifactRoot: string,
  name: string,
  config: string,
): Promise<ServedModel> {
  const key = `models/${name}/1`;
  mkdirSync(path.dirname(path.join(artifactRoot, key)), { recursive: true });
  createTrainerModel({ config, seed: 1, out: path.join(artifactRoot, key) });
  const org = (
    await db.query<{ id: string }>("SELECT id FROM organizations WHERE name = 'default'")
  ).rows[0].id;
  const base = await db.query<{ id: string }>(
    `INSERT INTO base_models (organization_id, name, architecture, model_type, parameter_count, context_length, tokenizer, artifact_uri, files, config, artifact_key)
     VALUES ($1, $2, 'LlamaForCausalLM', 'llama', 0, 2048, '{}', $3, '[]', '{}', $3) RETURNING id`,
    [org, `${name}-base`, key],
  );
  const model = await db.query<{ id: string }>(
    `INSERT INTO models (organization_id, name, domain_id, base_model_id)
     SELECT $1, $2, d.id, $3 FROM domains d WHERE d.name = 'finance' RETURNING id`,
    [org, name, base.rows[0].id],
  );
  const version = await db.query<{ id: string }>(
    `INSERT INTO model_versions (model_id, version, artifact_uri, files, status, artifact_key)
     VALUES ($1, 1, $2, '[]', 'ready', $3) RETURNING id`,
    [model.rows[0].id, `file://${key}`, key],
  );
  const deployment = `${name}-prod`;
  const d = await db.query<{ id: string }>(
    `INSERT INTO deployments (organization_id, name, model_id, current_revision)
     VALUES ($1, $2, $3, 1) RETURNING id`,
    [org, deployment, model.rows[0].id],
  );
  await db.query(
    `INSERT INTO deployment_revisions (id, deployment_id, revision, traffic, action, created_by)
     VALUES ($1, $2, 1, $3, 'create', 'system:load')`,
    [randomUUID(), d.rows[0].id, JSON.stringify([{ versionId: version.rows[0].id, weight: 100 }])],
  );
  const { id, secret, token } = newToken('ak');
  await db.query(
    `INSERT INTO api_keys (id, kind, organization_id, name, role, secret_hash, created_by)
     VALUES ($1, 'ak', $2, $3, 'partner-developer', $4, 'system:load')`,
    [id, org, `${name} load`, await hashSecret(secret)],
  );
  return { model: name, deployment, token };
}
