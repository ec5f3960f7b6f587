import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '@alloy/identity';

/**
 * Who is calling, carried through the request on every surface (REST, OpenAI, gRPC): the router
 * serves only the caller's organisation's deployments, and of those only the ones its key names.
 */
export const callerStorage = new AsyncLocalStorage<Principal>();

export function currentCaller(): Principal | null {
  return callerStorage.getStore() ?? null;
}

/** Whether the caller may use a deployment of an organisation. */
export function mayUse(
  caller: Principal | null,
  organizationId: string,
  deployment: string,
): boolean {
  if (!caller) return false;
  if (caller.organizationId !== organizationId) return false;
  return caller.deployments === null || caller.deployments.includes(deployment);
}
