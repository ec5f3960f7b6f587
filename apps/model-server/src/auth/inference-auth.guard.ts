import { Authenticator, bearerToken, denial, type Principal } from '@alloy/identity';
import {
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { finalize, type Observable, tap } from 'rxjs';
import { auditOf } from '../audit/audit-http';
import { auditStorage } from '../audit/audit-draft';
import { ServingError, ServingErrorCode } from '../common/serving-error';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/server-config';
import { callerStorage } from './caller';
import { InferenceRateLimiter } from './inference-rate-limiter';

type AuthedRequest = Request & { principal?: Principal };

/** The endpoint a path belongs to when it can be made public by configuration. */
function publicEndpointOf(path: string): 'probes' | 'metrics' | null {
  if (/^\/(healthz|readyz)\b/.test(path)) return 'probes';
  if (/^\/metrics\b/.test(path)) return 'metrics';
  return null;
}

/**
 * The one check of every inference surface (REST, OpenAI-compatible, gRPC): a valid bearer token
 * whose role may invoke models (probes and metrics: whose role may read them), within its rate
 * limit. 401 without a usable credential, 403 for a role or scope that may not. `authenticated`
 * learns the caller before its role and limits are checked, so that a refusal can be audited.
 */
export async function authorizeCall(
  authenticator: Authenticator,
  limiter: InferenceRateLimiter,
  authorization: string | undefined,
  resource: 'inference' | 'metrics' = 'inference',
  authenticated?: (principal: Principal) => void,
): Promise<Principal> {
  const principal = await authenticator.authenticate(bearerToken(authorization));
  if (!principal)
    throw new ServingError(
      401,
      ServingErrorCode.UNAUTHENTICATED,
      'missing, invalid, expired or revoked API key: send "Authorization: Bearer <key>"',
    );
  authenticated?.(principal);
  const reason = denial(principal, resource, resource === 'metrics' ? 'read' : 'invoke');
  if (reason) throw new ServingError(403, ServingErrorCode.FORBIDDEN, reason);
  await limiter.consume(principal);
  return principal;
}

/** Guards every HTTP route; probes and metrics only when `PUBLIC_ENDPOINTS` does not list them. */
@Injectable()
export class InferenceAuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly limiter: InferenceRateLimiter,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const endpoint = publicEndpointOf(request.path);
    if (endpoint && this.config.auth.publicEndpoints.includes(endpoint)) return true;
    const audit = auditOf(request);
    try {
      request.principal = await authorizeCall(
        this.authenticator,
        this.limiter,
        request.headers.authorization,
        endpoint ? 'metrics' : 'inference',
        (principal) => {
          if (audit) audit.caller = principal;
        },
      );
    } catch (error) {
      audit?.failed(error);
      throw error;
    }
    return true;
  }
}

/**
 * Runs the handler as its caller, so routing sees only what the caller may use, and with its
 * audit draft, which learns the handler's error and waits for the handler to finish.
 */
@Injectable()
export class CallerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = request.principal;
    const audit = auditOf(request);
    const handle = (): Observable<unknown> => {
      if (!audit) return next.handle();
      const release = audit.hold();
      return auditStorage
        .run(audit, () => next.handle())
        .pipe(tap({ error: (error: unknown) => audit.failed(error) }), finalize(release));
    };
    return principal ? callerStorage.run(principal, handle) : handle();
  }
}
