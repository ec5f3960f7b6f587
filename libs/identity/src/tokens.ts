import { createHash, randomBytes } from 'node:crypto';

/**
 * Tokens are `alloy_<kind>_<id>_<secret>`: the id finds the stored hash, the secret is never stored.
 * The fixed prefix lets secret scanners recognise a leaked Alloy token.
 */
export const TOKEN_KINDS = {
  /** An API key of a user or a partner system. */
  ak: 'api-key',
  /** A console session. */
  se: 'session',
  /** A worker join token, exchanged for a worker credential. */
  wj: 'worker-join',
  /** A worker's own credential. */
  wk: 'worker',
} as const;
export type TokenKind = keyof typeof TOKEN_KINDS;

export interface ParsedToken {
  kind: TokenKind;
  id: string;
  secret: string;
}

const TOKEN_PATTERN = /^alloy_(ak|se|wj|wk)_([a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function randomId(): string {
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += BASE32[byte & 31];
  return id;
}

export function newToken(kind: TokenKind): ParsedToken & { token: string } {
  const id = randomId();
  const secret = randomBytes(32).toString('base64url');
  return { kind, id, secret, token: `alloy_${kind}_${id}_${secret}` };
}

export function parseToken(token: string): ParsedToken | null {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  return { kind: match[1] as TokenKind, id: match[2], secret: match[3] };
}

/** The token of an `Authorization: Bearer <token>` header value, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match ? match[1] : null;
}

/** A cache key for a verified token that is not the token itself. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
