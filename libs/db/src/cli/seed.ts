// Seeds the default organization and the finance, medical and education domains (idempotent).
import { createDataSource } from '../data-source';
import { seedDatabase } from '../seed/seed';
import { databaseUrlFromEnv } from './cli-config';

async function main(): Promise<void> {
  const ds = createDataSource({ url: databaseUrlFromEnv() });
  await ds.initialize();
  try {
    await seedDatabase(ds);
    console.log('Seeded the default organization and the finance, medical and education domains.');
  } finally {
    await ds.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
