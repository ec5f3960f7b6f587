import type { OrganizationEntity, UserEntity } from '@alloy/db';
import { ApiKeyEntity, UserSessionEntity } from '@alloy/db';
import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { verifySecret } from './hashing';
import { isRole, SCOPES, type Scope } from './policy';
import type { Principal } from './principal';
import { parseToken, type ParsedToken, tokenFingerprint } from './tokens';

export interface AuthenticatorOptions {
  /**
   * How long a credential's row (revocation, expiry, role) is trusted before it is read again:
   * a revocation takes effect on every process within this time.
   */
  stateTtlMs?: number;
  /** How often `last_used_at` / a session's idle expiry are written, at most, per credential. */
  touchIntervalMs?: number;
  /** A session unused for this long has ended. */
  sessionIdleMs?: number;
  /** Whether this process may write `last_used_at` (a read-only replica may not). */
  recordUse?: boolean;
}

/** A credential's row as the authenticator needs it, read in one query. */
interface CredentialState {
  principal: Principal;
  secretHash: string;
  expiresAt: Date | null;
  revoked: boolean;
}

const DEFAULTS = {
  stateTtlMs: 500,
  touchIntervalMs: 60_000,
  sessionIdleMs: 8 * 3600_000,
  recordUse: true,
};

function scopesOf(value: unknown): Scope[] | null {
  if (!Array.isArray(value)) return null;
  return value.filter((s): s is Scope => (SCOPES as readonly string[]).includes(String(s)));
}

/**
 * The one authenticator of every listener (REST and gRPC, control plane and model server): a
 * bearer token in, a principal or null out. The scrypt check runs once per token per process (a
 * verified token's fingerprint is remembered); the row's state is re-read every `stateTtlMs`.
 */
export class Authenticator {
  private readonly options: Required<AuthenticatorOptions>;
  private readonly verified = new LRUCache<string, true>({ max: 10_000 });
  private readonly states: LRUCache<string, CredentialState>;
  private readonly touched = new LRUCache<string, true>({ max: 10_000 });

  constructor(
    private readonly dataSource: DataSource,
    options: AuthenticatorOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.states = new LRUCache({ max: 10_000, ttl: this.options.stateTtlMs });
  }

  async authenticate(token: string | null): Promise<Principal | null> {
    if (!token) return null;
    const parsed = parseToken(token);
    if (!parsed) return null;
    const state = await this.state(parsed);
    if (!state || state.revoked) return null;
    const now = Date.now();
    if (state.expiresAt && state.expiresAt.getTime() <= now) return null;
    const fingerprint = tokenFingerprint(token);
    if (!this.verified.has(fingerprint)) {
      if (!(await verifySecret(parsed.secret, state.secretHash))) return null;
      this.verified.set(fingerprint, true);
    }
    this.touch(parsed);
    return state.principal;
  }

  /** Forget what is cached about a credential (this process revoked it). */
  forget(id: string): void {
    this.states.delete(id);
  }

  private async state(parsed: ParsedToken): Promise<CredentialState | null> {
    const cached = this.states.get(parsed.id);
    if (cached) return cached;
    const state =
      parsed.kind === 'se' ? await this.sessionState(parsed.id) : await this.keyState(parsed);
    if (state) this.states.set(parsed.id, state);
    return state;
  }

  private async keyState(parsed: ParsedToken): Promise<CredentialState | null> {
    const key = await this.dataSource
      .getRepository(ApiKeyEntity)
      .findOne({ where: { id: parsed.id, kind: parsed.kind }, relations: { organization: true } });
    if (!key?.organization) return null;
    const kind = parsed.kind === 'ak' ? 'api-key' : parsed.kind === 'wk' ? 'worker' : 'worker-join';
    const name =
      kind === 'worker'
        ? `worker:${key.workerId ?? key.id}`
        : kind === 'worker-join'
          ? `join-token:${key.id}`
          : `key:${key.id}`;
    return {
      secretHash: key.secretHash,
      expiresAt: key.expiresAt,
      revoked: key.revokedAt !== null,
      principal: {
        kind,
        id: key.id,
        name,
        organizationId: key.organizationId,
        platform: key.organization.platform,
        role: kind === 'api-key' && isRole(key.role) ? key.role : null,
        scopes: kind === 'api-key' ? scopesOf(key.scopes) : [],
        deployments: Array.isArray(key.deployments) ? key.deployments.map(String) : null,
        workerId: key.workerId,
        credentialId: key.id,
      },
    };
  }

  private async sessionState(id: string): Promise<CredentialState | null> {
    const session = await this.dataSource.getRepository(UserSessionEntity).findOne({
      where: { id },
      relations: { user: { organization: true } },
    });
    const user: UserEntity | undefined = session?.user;
    const org: OrganizationEntity | undefined = user?.organization;
    if (!session || !user || !org || !isRole(user.role)) return null;
    const idle = session.idleExpiresAt.getTime();
    const end = Math.min(session.expiresAt.getTime(), idle);
    return {
      secretHash: session.secretHash,
      expiresAt: new Date(end),
      revoked: session.revokedAt !== null || user.disabled,
      principal: {
        kind: 'user',
        id: user.id,
        name: `user:${user.email}`,
        organizationId: org.id,
        platform: org.platform,
        role: user.role,
        scopes: null,
        deployments: null,
        workerId: null,
        credentialId: session.id,
      },
    };
  }

  /** Records use at most once per interval per credential, without making the request wait. */
  private touch(parsed: ParsedToken): void {
    if (!this.options.recordUse || this.touched.has(parsed.id)) return;
    this.touched.set(parsed.id, true, { ttl: this.options.touchIntervalMs });
    const write =
      parsed.kind === 'se'
        ? this.dataSource.query(
            `UPDATE user_sessions SET idle_expires_at = LEAST(expires_at, now() + $2 * interval '1 millisecond') WHERE id = $1`,
            [parsed.id, this.options.sessionIdleMs],
          )
        : this.dataSource.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [
            parsed.id,
          ]);
    write.catch(() => this.touched.delete(parsed.id));
  }
}
