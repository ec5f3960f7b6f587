import type { Metadata } from '@grpc/grpc-js';
import { OrganizationEntity } from '@alloy/db';
import {
  type Action,
  Authenticator,
  bearerToken,
  denial,
  type Principal,
  type Resource,
} from '@alloy/identity';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { AuthContext } from './auth-context';
import {
  ACTION_KEY,
  AUTHENTICATED_KEY,
  PUBLIC_KEY,
  PUBLIC_WHEN_KEY,
  type PublicEndpoint,
  RESOURCE_KEY,
  WORKER_PROTOCOL_KEY,
} from './auth.decorators';
import { forbidden, unauthenticated } from './auth-errors';
import { RateLimiter } from './rate-limiter';

/** Where the guard leaves the AuthContext for the interceptor that runs the handler in it. */
const HTTP_AUTH = Symbol('alloy:auth');
const rpcAuth = new WeakMap<object, AuthContext>();

/** Header (and gRPC metadata key) with which a platform admin acts in another organisation. */
export const ORGANIZATION_HEADER = 'x-alloy-organization';

interface Carrier {
  authorization: string | undefined;
  organization: string | undefined;
  requestId: string | null;
  workerParam: string | undefined;
  action: Action;
  stash(auth: AuthContext): void;
}

function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof v === 'string' ? v : undefined;
}

function carrierOf(context: ExecutionContext): Carrier {
  if (context.getType() === 'rpc') {
    const metadata = context.switchToRpc().getContext<Metadata>();
    const name = context.getHandler().name;
    return {
      authorization: first(metadata.get('authorization')),
      organization: first(metadata.get(ORGANIZATION_HEADER)),
      requestId: first(metadata.get('x-request-id'))?.slice(0, 128) ?? null,
      workerParam: undefined,
      action: /^(list|get)/i.test(name) ? 'read' : 'write',
      stash: (auth) => rpcAuth.set(metadata, auth),
    };
  }
  const request = context.switchToHttp().getRequest<Request & { id?: unknown }>();
  return {
    authorization: first(request.headers.authorization),
    organization: first(request.headers[ORGANIZATION_HEADER]),
    requestId: typeof request.id === 'string' ? request.id : null,
    workerParam: first(request.params?.id),
    action: request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write',
    stash: (auth) => {
      (request as unknown as Record<symbol, AuthContext>)[HTTP_AUTH] = auth;
    },
  };
}

/** Lets a call through as `auth` (what the guard does once it has accepted a credential). */
export function admit(context: ExecutionContext, auth: AuthContext): void {
  carrierOf(context).stash(auth);
}

/** The AuthContext the guard accepted for this call, if any (public routes have none). */
export function authOf(context: ExecutionContext): AuthContext | undefined {
  if (context.getType() === 'rpc') return rpcAuth.get(context.switchToRpc().getContext<object>());
  const request = context.switchToHttp().getRequest<Record<symbol, AuthContext | undefined>>();
  return request[HTTP_AUTH];
}

/**
 * Every REST route and gRPC method passes here: authenticate the bearer token, check the policy
 * table for the route's resource and action, and settle the tenant. A route that names no policy
 * is refused (fail closed), so a new controller cannot be open by omission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly rateLimiter: RateLimiter,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const when = this.reflector.getAllAndOverride<PublicEndpoint>(PUBLIC_WHEN_KEY, targets);
    if (when && this.config.auth.publicEndpoints.includes(when)) return true;

    const carrier = carrierOf(context);
    const principal = await this.authenticator.authenticate(bearerToken(carrier.authorization));
    if (!principal) throw unauthenticated();
    this.authorize(context, principal, carrier);
    await this.rateLimiter.consume(principal);
    const organizationId = await this.organizationFor(principal, carrier.organization);
    carrier.stash({ principal, organizationId, requestId: carrier.requestId });
    return true;
  }

  private authorize(context: ExecutionContext, principal: Principal, carrier: Carrier): void {
    const targets = [context.getHandler(), context.getClass()];
    const step = this.reflector.getAllAndOverride<'join' | 'report'>(WORKER_PROTOCOL_KEY, targets);
    if (step === 'join') {
      if (principal.kind !== 'worker-join') throw forbidden('this route takes a worker join token');
      return;
    }
    if (step === 'report') {
      if (principal.kind !== 'worker' || principal.workerId !== carrier.workerParam)
        throw forbidden(`this route takes the credential of worker "${carrier.workerParam}"`);
      return;
    }
    if (this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets)) {
      if (principal.role === null) throw forbidden('this route is for users and API keys');
      return;
    }
    const resource = this.reflector.getAllAndOverride<Resource>(RESOURCE_KEY, targets);
    if (!resource) throw forbidden('this route has no access policy');
    const action = this.reflector.getAllAndOverride<Action>(ACTION_KEY, targets) ?? carrier.action;
    const reason = denial(principal, resource, action);
    if (reason) throw forbidden(reason);
  }

  /** A platform admin may act in any organisation by naming it; anyone else only in their own. */
  private async organizationFor(principal: Principal, name: string | undefined): Promise<string> {
    if (!name) return principal.organizationId;
    const org = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ name });
    const allowed =
      org &&
      (org.id === principal.organizationId || (principal.platform && principal.role === 'admin'));
    if (!allowed) throw ApiError.notFound('organization', name);
    return org.id;
  }
}
