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

/** Socket errors of a database host that is down, restarting or out of reach. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What node-postgres says when a connection drops or cannot be made in time. */
const UNREACHABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|Connection closed/i;

/**
 * PostgreSQL cannot be reached (connection refused, dropped, timed out) or refuses connections for
 * now (SQLSTATE class 08, admin_shutdown, crash_shutdown, cannot_connect_now,
 * too_many_connections): the request may succeed when retried, unlike a query that failed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown } | null)?.driverError];
  return candidates.some((e) => {
    if (!(e instanceof Error)) return false;
    const code = (e as PgDriverError).code ?? '';
    return (
      UNREACHABLE_CODES.has(code) ||
      code.startsWith('08') ||
      ['57P01', '57P02', '57P03', '53300'].includes(code) ||
      UNREACHABLE_MESSAGES.test(e.message)
    );
  });
}
