/** The CLI's only configuration: the database to work on. */
export function databaseUrlFromEnv(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/alloy';
}
