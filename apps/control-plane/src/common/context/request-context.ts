import { createParamDecorator } from '@nestjs/common';
import { currentAuth } from '../../auth/auth-context';

/** Who made a change, in which tenant and under which request id: what the audit log records. */
export interface RequestContext {
  /** The authenticated principal (`user:<email>`, `key:<id>`, `worker:<id>`) or a system actor. */
  actor: string;
  requestId: string | null;
  organizationId: string | null;
}

/** The context of the request being handled, from what the authentication guard accepted. */
export function requestContext(): RequestContext {
  const auth = currentAuth();
  return {
    actor: auth?.principal.name ?? 'anonymous',
    requestId: auth?.requestId ?? null,
    organizationId: auth?.organizationId ?? null,
  };
}

export const Ctx = createParamDecorator((): RequestContext => requestContext());
