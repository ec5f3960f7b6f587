// Runs pending migrations (or reverts the last one with `down`), then grants the app roles their
// privileges on the tables as migrated (when those roles exist: infra/postgres/initdb).
// Usage: DATABASE_URL=... node -r ./tools/register.cjs libs/db/src/cli/migrate.ts [up|down]
import { createDataSource } from '../data-source';
import { grantAppRoles } from '../roles/app-role-grants';
import { databaseUrlFromEnv } from './cli-config';

async function main(): Promise<void> {
  const direction = process.argv[2] ?? 'up';
  const ds = createDataSource({ url: databaseUrlFromEnv() });
  await ds.initialize();
  try {
    if (direction === 'down') {
      await ds.undoLastMigration({ transaction: 'all' });
      console.log('Reverted the last migration.');
    } else {
      const ran = await ds.runMigrations({ transaction: 'all' });
      console.log(
        ran.length ? `Ran ${ran.map((m) => m.name).join(', ')}.` : 'Database is up to date.',
      );
      const granted = await grantAppRoles(ds);
      if (granted.length) console.log(`Granted table privileges to ${granted.join(', ')}.`);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
