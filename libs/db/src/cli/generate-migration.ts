// Writes a new migration with the SQL that brings a migrated database in line with the entities.
// Usage: DATABASE_URL=... node -r ./tools/register.cjs libs/db/src/cli/generate-migration.ts <PascalName>
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDataSource } from '../data-source';
import { pendingSchemaDiff } from '../schema-diff';
import { databaseUrlFromEnv } from './cli-config';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('usage: generate-migration <PascalCaseName>');
  }
  const ds = createDataSource({ url: databaseUrlFromEnv() });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'all' });
    const diff = await pendingSchemaDiff(ds);
    if (diff.up.length === 0) {
      console.log('No changes: the entities match the migrations.');
      return;
    }
    const stamp = Date.now();
    const className = `${name}${stamp}`;
    const q = (s: string) => `    await queryRunner.query(${JSON.stringify(s)});`;
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${diff.up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${[...diff.down].reverse().map(q).join('\n')}
  }
}
`;
    const file = path.join(__dirname, '..', 'migrations', `${stamp}-${name}.ts`);
    writeFileSync(file, body);
    console.log(`Wrote ${file}; add ${className} to migrations/index.ts.`);
  } finally {
    await ds.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
