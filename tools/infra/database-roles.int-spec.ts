// The database roles docker-compose.yml runs the apps with (infra/postgres/initdb), created by
// the same script the postgres container runs, then migrated and granted as the migrate step does.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { APP_ROLES, createDataSource, grantAppRoles, seedDatabase } from '@alloy/db';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const INITDB = path.resolve(__dirname, '../../infra/postgres/initdb');
const ROLES = Object.values(APP_ROLES);

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(url: string, sql: string): Promise<string> {
  return withClient(url, (c) =>
    c.query(sql).then(
      () => 'ok',
      (error: { code?: string }) => error.code ?? 'error',
    ),
  );
}

const DENIED = '42501'; // insufficient_privilege

describe('database roles', () => {
  const admin = new URL(inject('adminDatabaseUrl'));
  const database = `alloy_roles_${randomBytes(4).toString('hex')}`;
  const passwords = Object.fromEntries(ROLES.map((r) => [r, randomBytes(12).toString('hex')]));
  let existed: string[] = [];

  const urlOf = (role: string) => {
    const url = new URL(admin);
    url.username = role;
    url.password = passwords[role];
    url.pathname = `/${database}`;
    return url.toString();
  };
  const adminUrl = admin.toString();

  beforeAll(async () => {
    existed = await withClient(adminUrl, async (c) => {
      await c.query(`CREATE DATABASE "${database}"`);
      const rows = await c.query<{ rolname: string }>(
        'SELECT rolname FROM pg_roles WHERE rolname = ANY($1)',
        [ROLES],
      );
      return rows.rows.map((r) => r.rolname);
    });
    // what the postgres container runs on its first start
    execFileSync('sh', [path.join(INITDB, '10-alloy-roles.sh')], {
      env: {
        ...process.env,
        PGHOST: admin.hostname,
        PGPORT: admin.port || '5432',
        PGPASSWORD: decodeURIComponent(admin.password),
        POSTGRES_USER: decodeURIComponent(admin.username),
        POSTGRES_DB: database,
        ALLOY_MIGRATOR_DB_PASSWORD: passwords[APP_ROLES.migrator],
        ALLOY_CONTROL_PLANE_DB_PASSWORD: passwords[APP_ROLES.controlPlane],
        ALLOY_MODEL_SERVER_DB_PASSWORD: passwords[APP_ROLES.modelServer],
        ALLOY_ROLES_SCRIPT: path.join(INITDB, 'alloy-roles.psql'),
      },
      stdio: 'pipe',
    });
    // what the migrate service runs: migrations, grants, seed, as the migrator
    const ds = createDataSource({ url: urlOf(APP_ROLES.migrator) });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'all' });
      expect(await grantAppRoles(ds)).toEqual([APP_ROLES.controlPlane, APP_ROLES.modelServer]);
      await seedDatabase(ds);
    } finally {
      await ds.destroy();
    }
  });

  afterAll(async () => {
    await withClient(adminUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      // roles are cluster-wide: drop only those this suite created
      for (const role of ROLES.filter((r) => !existed.includes(r))) {
        await c.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      }
    });
  });

  it('lets the migrator own the schema, and only the migrator create in it', async () => {
    const owner = await withClient(urlOf(APP_ROLES.migrator), (c) =>
      c.query<{ owner: string }>(
        "SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'public'",
      ),
    );
    expect(owner.rows).toEqual([{ owner: APP_ROLES.migrator }]);
    for (const role of [APP_ROLES.controlPlane, APP_ROLES.modelServer]) {
      expect(await outcome(urlOf(role), 'CREATE TABLE planted (x int)'), role).toBe(DENIED);
      expect(await outcome(urlOf(role), 'DROP TABLE domains'), role).not.toBe('ok');
    }
  });

  it('lets the control plane read and write rows, serial keys included', async () => {
    const cp = urlOf(APP_ROLES.controlPlane);
    expect(await outcome(cp, 'SELECT count(*) FROM domains')).toBe('ok');
    expect(await outcome(cp, 'UPDATE domains SET description = description')).toBe('ok');
    expect(await outcome(cp, 'DELETE FROM api_keys WHERE false')).toBe('ok');
    expect(
      await outcome(cp, "SELECT nextval(pg_get_serial_sequence('job_events', 'position'))"),
    ).toBe('ok');
    expect(await outcome(cp, 'TRUNCATE domains')).toBe(DENIED);
  });

  it('lets the model server read, and write nothing but the last use of an API key', async () => {
    const ms = urlOf(APP_ROLES.modelServer);
    expect(await outcome(ms, 'SELECT count(*) FROM deployments')).toBe('ok');
    expect(await outcome(ms, 'UPDATE api_keys SET last_used_at = now() WHERE false')).toBe('ok');
    expect(await outcome(ms, 'UPDATE api_keys SET revoked_at = NULL WHERE false')).toBe(DENIED);
    expect(await outcome(ms, 'UPDATE domains SET description = description')).toBe(DENIED);
    expect(await outcome(ms, 'DELETE FROM deployments WHERE false')).toBe(DENIED);
    expect(
      await outcome(ms, "INSERT INTO domains (name, display_name) VALUES ('planted', 'x')"),
    ).toBe(DENIED);
  });

  it('lets the model server record inference usage, and neither change nor delete it', async () => {
    const ms = urlOf(APP_ROLES.modelServer);
    const row = `INSERT INTO inference_audit
      (organization_id, credential_id, surface, latency_ms, status_code, outcome, decision)
      VALUES (gen_random_uuid(), 'key', 'rest', 1, 200, 'ok', 'allowed')`;
    expect(await outcome(ms, row)).toBe('ok');
    expect(await outcome(ms, "UPDATE inference_audit SET outcome = 'x'")).toBe(DENIED);
    expect(await outcome(ms, 'DELETE FROM inference_audit')).toBe(DENIED);
    expect(
      await outcome(ms, 'UPDATE organizations SET inference_content_logging = true WHERE false'),
    ).toBe(DENIED);
    // the retention sweep runs on the control plane
    const cp = urlOf(APP_ROLES.controlPlane);
    expect(await outcome(cp, 'DELETE FROM inference_audit WHERE false')).toBe('ok');
  });

  it('keeps every other role out of the database', async () => {
    const stranger = `alloy_stranger_${randomBytes(3).toString('hex')}`;
    await withClient(adminUrl, (c) => c.query(`CREATE ROLE ${stranger} LOGIN`));
    try {
      const url = new URL(urlOf(APP_ROLES.modelServer));
      url.username = stranger;
      url.password = '';
      expect(
        await outcome(url.toString(), 'SELECT 1').catch((e: { code?: string }) => e.code),
      ).toBe(DENIED);
    } finally {
      await withClient(adminUrl, (c) => c.query(`DROP ROLE ${stranger}`));
    }
  });
});
