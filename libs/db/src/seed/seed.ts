import type { DataSource } from 'typeorm';
import { DEFAULT_ORGANIZATION, SEED_DOMAINS } from './seed-data';

/** Idempotent: inserts the default (platform) organization and the seeded domains when missing. */
export async function seedDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO organizations (name, display_name, platform) VALUES ($1, $2, true) ON CONFLICT (name) DO NOTHING`,
      [DEFAULT_ORGANIZATION.name, DEFAULT_ORGANIZATION.displayName],
    );
    for (const domain of SEED_DOMAINS) {
      await manager.query(
        `INSERT INTO domains (name, display_name, description) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
        [domain.name, domain.displayName, domain.description],
      );
    }
  });
}
