import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ServingError, ServingErrorCode } from '../common/serving-error';

/** Who is calling; what an authenticator returns for an accepted request. */
export interface InferencePrincipal {
  id: string;
}

/**
 * The extension point of authentication: given the request (headers such as `Authorization:
 * Bearer <key>`), return the caller or null to refuse with 401. The security work replaces the
 * provider bound to INFERENCE_AUTHENTICATOR with one that checks API keys; nothing else changes.
 */
export interface InferenceAuthenticator {
  authenticate(request: Request): Promise<InferencePrincipal | null>;
}

export const INFERENCE_AUTHENTICATOR = Symbol('INFERENCE_AUTHENTICATOR');

/** Today's authenticator: everyone is let in, as `anonymous`. */
export class AllowAllAuthenticator implements InferenceAuthenticator {
  authenticate(): Promise<InferencePrincipal> {
    return Promise.resolve({ id: 'anonymous' });
  }
}

/** Guards every HTTP route except health and metrics. */
@Injectable()
export class InferenceAuthGuard implements CanActivate {
  constructor(
    @Inject(INFERENCE_AUTHENTICATOR) private readonly authenticator: InferenceAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<Request & { principal?: InferencePrincipal }>();
    if (/^\/(healthz|readyz|metrics)\b/.test(request.path)) return true;
    const principal = await this.authenticator.authenticate(request);
    if (!principal)
      throw new ServingError(
        401,
        ServingErrorCode.UNAUTHENTICATED,
        'missing or invalid credentials',
      );
    request.principal = principal;
    return true;
  }
}
