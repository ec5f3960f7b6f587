import { UserEntity, UserSessionEntity } from '@alloy/db';
import { Authenticator, hashSecret, newToken, verifySecret } from '@alloy/identity';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { AuthContext } from './auth-context';
import { AuthErrorCode } from './auth-errors';
import type { SessionDto, SignInDto } from './dto/auth.dto';

/** Checked against when the email is unknown, so a wrong address costs as long as a wrong password. */
const DUMMY_HASH = hashSecret('not a password of anyone');

const invalid = () =>
  new ApiError(
    HttpStatus.UNAUTHORIZED,
    AuthErrorCode.INVALID_CREDENTIALS,
    'wrong email or password',
  );

/**
 * Console sign-in with local accounts. OIDC plugs in beside `signIn`: a callback route that
 * verifies the identity provider's token, finds the user by `email` (or creates it with the
 * mapped role) and calls `openSession` — sessions, roles and the guard stay as they are.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly authenticator: Authenticator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signIn(input: SignInDto, requestId: string | null): Promise<SessionDto> {
    const email = input.email.toLowerCase();
    const users = this.dataSource.getRepository(UserEntity);
    const user = await users.findOneBy({ email });
    const ctx: RequestContext = {
      actor: `user:${email}`,
      requestId,
      organizationId: user?.organizationId ?? null,
    };
    const record = (action: string, reason?: string) =>
      this.audit.record(this.dataSource.manager, ctx, {
        action,
        entityType: 'user',
        entityId: user?.id ?? email,
        after: reason ? { reason } : null,
      });

    const ok = await verifySecret(input.password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !user.passwordHash) {
      await record('user.sign_in.fail', 'unknown account');
      throw invalid();
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      await record('user.sign_in.fail', 'locked');
      throw new ApiError(
        HttpStatus.UNAUTHORIZED,
        AuthErrorCode.ACCOUNT_LOCKED,
        `too many failed sign-ins; try again after ${user.lockedUntil.toISOString()}`,
      );
    }
    if (!ok || user.disabled) {
      const failures = user.failedSignIns + 1;
      const lock = failures >= this.config.auth.signInMaxFailures;
      await users.update(user.id, {
        failedSignIns: lock ? 0 : failures,
        lockedUntil: lock ? new Date(Date.now() + this.config.auth.signInLockoutMs) : null,
      });
      await record(
        'user.sign_in.fail',
        user.disabled ? 'disabled' : lock ? 'wrong password; locked' : 'wrong password',
      );
      throw invalid();
    }
    await users.update(user.id, { failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date() });
    const session = await this.openSession(user.id);
    await record('user.sign_in');
    return session;
  }

  async openSession(userId: string): Promise<SessionDto> {
    const { id, secret, token } = newToken('se');
    const now = Date.now();
    const expiresAt = new Date(now + this.config.auth.sessionTtlMs);
    const idleExpiresAt = new Date(
      Math.min(expiresAt.getTime(), now + this.config.auth.sessionIdleMs),
    );
    await this.dataSource.getRepository(UserSessionEntity).insert({
      id,
      userId,
      secretHash: await hashSecret(secret),
      expiresAt,
      idleExpiresAt,
      revokedAt: null,
    });
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      idleExpiresAt: idleExpiresAt.toISOString(),
    };
  }

  /** Rotation: a new token for the same user, the old one revoked at once. */
  async refresh(auth: AuthContext, ctx: RequestContext): Promise<SessionDto> {
    if (auth.principal.kind !== 'user')
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        'NOT_A_SESSION',
        'only a session can be refreshed',
      );
    await this.end(auth.principal.credentialId);
    const session = await this.openSession(auth.principal.id);
    await this.audit.record(this.dataSource.manager, ctx, {
      action: 'user.session.rotate',
      entityType: 'user',
      entityId: auth.principal.id,
    });
    return session;
  }

  async signOut(auth: AuthContext, ctx: RequestContext): Promise<void> {
    if (auth.principal.kind !== 'user') return;
    await this.end(auth.principal.credentialId);
    await this.audit.record(this.dataSource.manager, ctx, {
      action: 'user.sign_out',
      entityType: 'user',
      entityId: auth.principal.id,
    });
  }

  private async end(sessionId: string): Promise<void> {
    await this.dataSource
      .getRepository(UserSessionEntity)
      .update(sessionId, { revokedAt: new Date() });
    this.authenticator.forget(sessionId);
  }
}
