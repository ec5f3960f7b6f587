import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource, MIGRATIONS, pendingSchemaDiff } from '../src';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: inject('adminDatabaseUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  const database = `alloy_migrations_${randomBytes(4).toString('hex')}`;
  let url: string;

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    const parsed = new URL(inject('adminDatabaseUrl'));
    parsed.pathname = `/${database}`;
    url = parsed.toString();
  });

  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('run up on an empty database, match the entities exactly, and run down to nothing', async () => {
    const ds = createDataSource({ url });
    await ds.initialize();
    try {
      const tables = async () =>
        (
          await ds.query<{ table_name: string }[]>(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
          )
        ).map((r) => r.table_name);
      expect(await tables()).toEqual([]);

      const ran = await ds.runMigrations({ transaction: 'all' });
      expect(ran).toHaveLength(MIGRATIONS.length);
      expect(await tables()).toEqual(
        expect.arrayContaining([
          'audit_log',
          'base_models',
          'dataset_versions',
          'domains',
          'model_versions',
          'models',
        ]),
      );

      // Drift: the schema the entities describe must be exactly what the migrations built.
      const diff = await pendingSchemaDiff(ds);
      expect(
        diff.up,
        `entities and migrations drifted; run the migration generator:\n${diff.up.join('\n')}`,
      ).toEqual([]);

      for (let i = 0; i < MIGRATIONS.length; i += 1)
        await ds.undoLastMigration({ transaction: 'all' });
      expect(await tables()).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
