import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DbConnectionOptions {
  url: string;
  /** Log every SQL statement (development only). */
  logging?: boolean;
  poolSize?: number;
  applicationName?: string;
}

/** DataSource options shared by the apps, the CLI and the tests. Never `synchronize`. */
export function dataSourceOptions(options: DbConnectionOptions): DataSourceOptions {
  return {
    type: 'postgres',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
    applicationName: options.applicationName ?? 'alloy',
    extra: { max: options.poolSize ?? 10 },
  };
}

export function createDataSource(options: DbConnectionOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}
