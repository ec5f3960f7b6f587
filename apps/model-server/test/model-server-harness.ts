import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEPLOYMENTS_CHANNEL } from '@alloy/db';
import { hashSecret, newToken } from '@alloy/identity';
import { createTrainerModel } from '@alloy/model-builder';
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { Client } from 'pg';
import { inject } from 'vitest';
import { createModelServer, type ModelServer } from '../src/app.factory';
import { loadConfig } from '../src/config/server-config';
import { DeploymentWatcher } from '../src/deployments/deployment-watcher.service';
import { ModelRouter } from '../src/serving/model-router.service';

export interface ServerHarness extends ModelServer {
  baseUrl: string;
  grpcAddress: string;
  /** Re-reads deployments now instead of waiting for the poll, and waits for their warm-up. */
  refresh(): Promise<void>;
  /** Resolves once every version the deployments name is prepared (or has failed). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real model server on free ports, reading the test database; returned once the versions its
 * deployments name are prepared, as a load balancer waits for /readyz.
 */
export async function startModelServer(
  artifactRoot: string,
  env: Record<string, string> = {},
): Promise<ServerHarness> {
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    GRPC_PORT: '0',
    DATABASE_URL: inject('databaseUrl'),
    ARTIFACT_ROOT: artifactRoot,
    INTRA_OP_THREADS: '1',
    DEPLOYMENT_POLL_MS: '200',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const server = await createModelServer(config);
  await server.app.listen(0, '127.0.0.1');
  server.grpc.setServing(true);
  const baseUrl = (await server.app.getUrl()).replace('[::1]', '127.0.0.1');
  const watcher = server.app.get(DeploymentWatcher);
  const router = server.app.get(ModelRouter);
  const warm = () => router.warmup.whenSettled();
  await warm();
  return {
    ...server,
    baseUrl,
    grpcAddress: `127.0.0.1:${server.grpc.port}`,
    refresh: () => watcher.refresh().then(warm),
    warm,
    close: () => server.app.close(),
  };
}

/** The suites' platform admin key (created by the integration global setup). */
export const adminToken = (): string => inject('adminToken');

/** `Authorization` header of a key, the suites' admin key unless given another. */
export const bearer = (token: string = adminToken()) => ({ authorization: `Bearer ${token}` });

/** A gRPC client interceptor that sends a bearer token with every call. */
export function bearerInterceptor(token: string = adminToken()): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** A temp artifact root holding trainer-made models (tiny, with a 2048-token context). */
export async function makeArtifactRoot(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'alloy-ms-artifacts-'));
}

export function trainerModel(artifactRoot: string, key: string, seed: number): string {
  mkdirSync(path.dirname(path.join(artifactRoot, key)), { recursive: true });
  createTrainerModel({
    config: JSON.stringify({ preset: 'tiny', max_position_embeddings: 2048 }),
    seed,
    out: path.join(artifactRoot, key),
  });
  return key;
}

/** What the control plane writes, written straight to the database (the model server reads it). */
export class RegistryRows {
  private constructor(private readonly db: Client) {}

  static async connect(): Promise<RegistryRows> {
    const db = new Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    return new RegistryRows(db);
  }

  async close(): Promise<void> {
    await this.db.end();
  }

  /** A query on the test database. */
  async query<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.db.query<R>(sql, params)).rows;
  }

  /** An API key of the default organisation with a role; returns its id and token. */
  async apiKey(role: string): Promise<{ id: string; token: string }> {
    const { id, secret, token } = newToken('ak');
    await this.db.query(
      `INSERT INTO api_keys (id, kind, organization_id, name, role, secret_hash, created_by)
       SELECT $1, 'ak', id, $2, $3, $4, 'system:tests' FROM organizations WHERE name = 'default'`,
      [id, `tests ${role}`, role, await hashSecret(secret)],
    );
    return { id, token };
  }

  /** A model with ready versions 1..n at the given artifact keys (files as recorded); returns version ids. */
  async model(name: string, artifactKeys: string[], files: string[][] = []): Promise<string[]> {
    const org = await this.db.query<{ id: string }>(
      "SELECT id FROM organizations WHERE name = 'default'",
    );
    const orgId = org.rows[0].id;
    const base = await this.db.query<{ id: string }>(
      `INSERT INTO base_models (organization_id, name, architecture, model_type, parameter_count, context_length, tokenizer, artifact_uri, files, config, artifact_key)
       VALUES ($1, $2, 'LlamaForCausalLM', 'llama', 0, 2048, '{}', $3, '[]', '{}', $3) RETURNING id`,
      [orgId, `${name}-base`, artifactKeys[0]],
    );
    const model = await this.db.query<{ id: string }>(
      `INSERT INTO models (organization_id, name, domain_id, base_model_id)
       SELECT $1, $2, d.id, $3 FROM domains d WHERE d.name = 'finance' RETURNING id`,
      [orgId, name, base.rows[0].id],
    );
    const ids: string[] = [];
    for (const [i, key] of artifactKeys.entries()) {
      const v = await this.db.query<{ id: string }>(
        `INSERT INTO model_versions (model_id, version, artifact_uri, files, status, artifact_key)
         VALUES ($1, $2, $3, $5, 'ready', $4) RETURNING id`,
        [
          model.rows[0].id,
          i + 1,
          `file://${key}`,
          key,
          JSON.stringify((files[i] ?? []).map((f) => ({ path: f, sha256: '', bytes: 0 }))),
        ],
      );
      ids.push(v.rows[0].id);
    }
    return ids;
  }

  /** A deployment with revision 1 in force. */
  async deploy(name: string, model: string, traffic: { versionId: string; weight: number }[]) {
    const d = await this.db.query<{ id: string }>(
      `INSERT INTO deployments (organization_id, name, model_id, current_revision)
       SELECT m.organization_id, $1, m.id, 1 FROM models m WHERE m.name = $2 RETURNING id`,
      [name, model],
    );
    await this.revision(d.rows[0].id, 1, traffic);
    return d.rows[0].id;
  }

  /** A new revision, made current (what the control plane's split and rollback do). */
  async revision(
    deploymentId: string,
    revision: number,
    traffic: { versionId: string; weight: number }[],
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO deployment_revisions (id, deployment_id, revision, traffic, action, created_by)
       VALUES ($1, $2, $3, $4, $5, 'test')`,
      [
        randomUUID(),
        deploymentId,
        revision,
        JSON.stringify(traffic),
        revision === 1 ? 'create' : 'split',
      ],
    );
    await this.db.query('UPDATE deployments SET current_revision = $2 WHERE id = $1', [
      deploymentId,
      revision,
    ]);
  }

  /** Points the deployment back at an existing revision. */
  async setCurrent(deploymentId: string, revision: number): Promise<void> {
    await this.db.query('UPDATE deployments SET current_revision = $2 WHERE id = $1', [
      deploymentId,
      revision,
    ]);
  }

  /** What the control plane sends when a deployment change commits. */
  async notify(deployment: string): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [DEPLOYMENTS_CHANNEL, deployment]);
  }

  async alias(model: string, alias: string, versionId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO model_aliases (model_id, name, version_id) SELECT id, $2, $3 FROM models WHERE name = $1
       ON CONFLICT (model_id, name) DO UPDATE SET version_id = EXCLUDED.version_id`,
      [model, alias, versionId],
    );
  }
}

/** Reads a Server-Sent Events body into its `data:` payloads. */
export async function readSse(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .map((block) =>
      block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n'),
    )
    .filter((d) => d.length > 0);
}
