const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or message id is a UUID; others are answered 404 without reaching PostgreSQL. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
