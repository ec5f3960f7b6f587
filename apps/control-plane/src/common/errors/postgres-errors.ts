import { QueryFailedError } from 'typeorm';

interface PgDriverError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** PostgreSQL's unique_violation, raised when two requests race for the same name. */
export function isUniqueViolation(error: unknown): error is QueryFailedError & PgDriverError {
  return error instanceof QueryFailedError && (error as PgDriverError).code === '23505';
}

/** invalid_text_representation: e.g. a malformed uuid reached a query. */
export function isInvalidText(error: unknown): boolean {
  return error instanceof QueryFailedError && (error as PgDriverError).code === '22P02';
}
