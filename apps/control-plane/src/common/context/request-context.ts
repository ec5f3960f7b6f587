import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Who made a change and under which request id: what the audit log records. */
export interface RequestContext {
  actor: string;
  requestId: string | null;
}

const ACTOR_PATTERN = /^[\w.@:-]{1,128}$/;

export function actorFromHeader(value: string | string[] | undefined): string {
  const actor = Array.isArray(value) ? value[0] : value;
  // The authentication module will set the actor from the API key; until then a header names it.
  return actor && ACTOR_PATTERN.test(actor) ? actor : 'anonymous';
}

export const Ctx = createParamDecorator(
  (_data: unknown, host: ExecutionContext): RequestContext => {
    const request = host.switchToHttp().getRequest<Request & { id?: string }>();
    return {
      actor: actorFromHeader(request.headers['x-alloy-actor']),
      requestId: typeof request.id === 'string' ? request.id : null,
    };
  },
);
