// Gives the integration suites a PostgreSQL database of their own: created, migrated and seeded
// before the first suite, dropped after the last; and a Redis namespace of their own, so that a
// test run never takes the jobs or events of `npm run up` (or of another test run) on the same
// Redis, and its keys are deleted at the end.
import { randomBytes } from 'node:crypto';
import { ApiKeyEntity, createDataSource, seedDatabase } from '@alloy/db';
import { hashSecret, newToken } from '@alloy/identity';
import type { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
    redisUrl: string;
    /** REDIS_NAMESPACE of every control plane and worker the suites start. */
    redisNamespace: string;
    /** An admin API key of the platform organisation, for suites that call the APIs. */
    adminToken: string;
    /** SIGNING_SECRET of every control plane the suites start. */
    signingSecret: string;
  }
}

const ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Deletes every key of a namespace (SCAN, not KEYS: the Redis may be shared and busy). */
async function deleteNamespace(namespace: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The suites' admin key, stored as the control plane stores any key (only the secret's hash). */
async function insertAdminKey(ds: DataSource): Promise<string> {
  const { id, secret, token } = newToken('ak');
  const [org] = await ds.query<{ id: string }[]>(`SELECT id FROM organizations WHERE platform`);
  await ds.getRepository(ApiKeyEntity).insert({
    id,
    kind: 'ak',
    organizationId: org.id,
    name: 'integration tests',
    role: 'admin',
    secretHash: await hashSecret(secret),
    createdBy: 'system:tests',
  });
  return token;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = `alloy_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
  const url = withDatabase(ADMIN_URL, database);
  const ds = createDataSource({ url });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await seedDatabase(ds);
  const adminToken = await insertAdminKey(ds);
  await ds.destroy();
  project.provide('databaseUrl', url);
  project.provide('adminDatabaseUrl', ADMIN_URL);
  project.provide('redisUrl', REDIS_URL);
  const namespace = `alloy-test-${randomBytes(4).toString('hex')}`;
  project.provide('redisNamespace', namespace);
  project.provide('adminToken', adminToken);
  project.provide('signingSecret', randomBytes(32).toString('base64url'));
  return async () => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await deleteNamespace(namespace);
  };
}
