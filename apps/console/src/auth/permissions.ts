import { type Action, type Resource, ruleFor, type Role } from '@alloy/identity/policy';

/** Who the console is signed in as (GET /api/v1/auth/me). */
export interface Me {
  kind: string;
  id: string;
  name: string;
  organizationId: string;
  actingOrganizationId: string;
  platform: boolean;
  role: Role | null;
}

/**
 * Whether the signed-in user may do something, by the same policy table the server enforces;
 * what a role may not do is not offered (the server would refuse it anyway).
 */
export function can(me: Me | null, resource: Resource, action: Action): boolean {
  if (!me?.role) return false;
  const rule = ruleFor(resource, action);
  if (!rule) return false;
  if (rule.platformOnly && !me.platform) return false;
  return (rule.roles as readonly string[]).includes(me.role);
}
