import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '@alloy/identity';

/** What a request runs as: the authenticated principal and the tenant it acts in. */
export interface AuthContext {
  principal: Principal;
  /** The principal's organisation, or the one a platform admin selected. */
  organizationId: string;
  requestId: string | null;
}

/**
 * Carries the AuthContext through the handler and everything it awaits, so services ask
 * "which tenant?" without each method taking it as a parameter.
 */
export const authStorage = new AsyncLocalStorage<AuthContext>();

export function currentAuth(): AuthContext | null {
  return authStorage.getStore() ?? null;
}

/** The request's tenant; a call outside a request is a programming error, not a default tenant. */
export function currentOrganizationId(): string {
  const auth = currentAuth();
  if (!auth) throw new Error('no authenticated request in this context');
  return auth.organizationId;
}

/**
 * Runs background work (a job's result being registered) in a tenant, as the control plane
 * itself: the same tenant scoping as a request, with `actor` in the audit log.
 */
export function runAsSystem<T>(actor: string, organizationId: string, fn: () => T): T {
  const principal: Principal = {
    kind: 'system',
    id: actor,
    name: actor,
    organizationId,
    platform: false,
    role: null,
    scopes: [],
    deployments: [],
    workerId: null,
    credentialId: actor,
  };
  return authStorage.run({ principal, organizationId, requestId: null }, fn);
}
