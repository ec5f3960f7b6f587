import { type Action, type Resource, ruleFor, scopeCovers } from './policy';
import type { Principal } from './principal';

/** Why a principal may not act, or null when it may. */
export function denial(principal: Principal, resource: Resource, action: Action): string | null {
  const rule = ruleFor(resource, action);
  if (!rule) return `no one may ${action} ${resource}`;
  if (principal.role === null)
    return `a ${principal.kind} credential may only speak the worker protocol`;
  if (!rule.roles.includes(principal.role))
    return `role ${principal.role} may not ${action} ${resource}`;
  if (rule.platformOnly && !principal.platform)
    return `only the platform organisation may ${action} ${resource}`;
  if (!scopeCovers(principal.scopes, action))
    return `this key's scopes (${(principal.scopes ?? []).join(', ') || 'none'}) do not cover ${action}`;
  return null;
}
