import { createParamDecorator, SetMetadata } from '@nestjs/common';
import { type AuthContext, currentAuth } from './auth-context';
import type { Action, Resource } from '@alloy/identity';

export const PUBLIC_KEY = 'alloy:public';
export const PUBLIC_WHEN_KEY = 'alloy:public-when';
export const RESOURCE_KEY = 'alloy:resource';
export const ACTION_KEY = 'alloy:action';
export const WORKER_PROTOCOL_KEY = 'alloy:worker-protocol';
export const AUTHENTICATED_KEY = 'alloy:authenticated';

/** Endpoints that can be made public by configuration (`PUBLIC_ENDPOINTS`). */
export const PUBLIC_ENDPOINTS = ['probes', 'metrics', 'docs'] as const;
export type PublicEndpoint = (typeof PUBLIC_ENDPOINTS)[number];

/** No credential needed, ever (signing in). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** No credential needed when the configuration lists this endpoint as public. */
export const PublicWhen = (endpoint: PublicEndpoint) => SetMetadata(PUBLIC_WHEN_KEY, endpoint);

/** The policy table's resource a controller's routes act on. */
export const ForResource = (resource: Resource) => SetMetadata(RESOURCE_KEY, resource);

/** Overrides the action read from the HTTP method (GET is `read`, anything else `write`). */
export const ForAction = (action: Action) => SetMetadata(ACTION_KEY, action);

/**
 * Routes of the worker protocol: `join` takes a worker join token, `report` a worker's own
 * credential for the worker named by the `:id` parameter.
 */
export const WorkerProtocol = (step: 'join' | 'report') => SetMetadata(WORKER_PROTOCOL_KEY, step);

/** Any signed-in user or API key, whatever its role (who am I, sign out). */
export const Authenticated = () => SetMetadata(AUTHENTICATED_KEY, true);

/** The AuthContext of the request (the guard has accepted it). */
export const Auth = createParamDecorator((): AuthContext => {
  const auth = currentAuth();
  if (!auth) throw new Error('@Auth() on a route without authentication');
  return auth;
});
