/**
 * Who may do what: the one policy table. Every REST route and gRPC method names a resource and an
 * action (reads are `read`, changes `write`, model calls `invoke`); the authenticator's principal is
 * allowed when its role is listed for that pair and, for an API key, its scopes cover the action.
 * The README's role table is generated from this (`npm run generate`) and checked by a test.
 */
export const ROLES = ['admin', 'ml-engineer', 'partner-developer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What an API key may be limited to, within its role. */
export const SCOPES = ['read', 'write', 'inference'] as const;
export type Scope = (typeof SCOPES)[number];

export type Action = 'read' | 'write' | 'invoke';

export interface Rule {
  roles: readonly Role[];
  /** Only principals of the organisation that runs the installation. */
  platformOnly?: boolean;
}

const ALL: readonly Role[] = ROLES;
const BUILDERS: readonly Role[] = ['admin', 'ml-engineer'];
const INSIDERS: readonly Role[] = ['admin', 'ml-engineer', 'viewer'];

export const POLICY = {
  domains: { read: { roles: ALL }, write: { roles: ['admin'], platformOnly: true } },
  'base-models': { read: { roles: ALL }, write: { roles: BUILDERS } },
  models: { read: { roles: ALL }, write: { roles: BUILDERS } },
  datasets: { read: { roles: INSIDERS }, write: { roles: BUILDERS } },
  jobs: { read: { roles: INSIDERS }, write: { roles: BUILDERS } },
  deployments: { read: { roles: ALL }, write: { roles: BUILDERS } },
  inference: { invoke: { roles: ['admin', 'ml-engineer', 'partner-developer'] } },
  workers: {
    read: { roles: INSIDERS, platformOnly: true },
    write: { roles: ['admin'], platformOnly: true },
  },
  /** Installing and enabling plugins is an organisation admin's; everyone sees what runs. */
  plugins: { read: { roles: ALL }, write: { roles: ['admin'] } },
  audit: { read: { roles: ['admin', 'viewer'] } },
  /** Probes and Prometheus metrics, when they are not public by configuration. */
  metrics: { read: { roles: ['admin', 'viewer'], platformOnly: true } },
  'api-keys': { read: { roles: ['admin'] }, write: { roles: ['admin'] } },
  users: { read: { roles: ['admin'] }, write: { roles: ['admin'] } },
  /** The acting organisation's own settings (its name, whether inference content is recorded). */
  'organization-settings': { read: { roles: ['admin'] }, write: { roles: ['admin'] } },
  organizations: {
    read: { roles: ['admin'], platformOnly: true },
    write: { roles: ['admin'], platformOnly: true },
  },
} as const satisfies Record<string, Partial<Record<Action, Rule>>>;

export type Resource = keyof typeof POLICY;

export function ruleFor(resource: Resource, action: Action): Rule | null {
  const rules = POLICY[resource] as Partial<Record<Action, Rule>>;
  return rules[action] ?? null;
}

/** Which scope an action needs: `write` covers reads as well. */
export function scopeCovers(scopes: readonly Scope[] | null, action: Action): boolean {
  if (scopes === null) return true;
  switch (action) {
    case 'read':
      return scopes.includes('read') || scopes.includes('write');
    case 'write':
      return scopes.includes('write');
    case 'invoke':
      return scopes.includes('inference');
  }
}

/** A role may hand out (to a key or a user) only itself, an admin any role. */
export function canGrant(granter: Role, role: Role): boolean {
  return granter === 'admin' || granter === role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The README's table: one row per resource and action, one column per role. */
export function policyMarkdown(): string {
  const head = `| resource | action | ${ROLES.join(' | ')} |`;
  const rule = `| --- | --- | ${ROLES.map(() => ':---:').join(' | ')} |`;
  const rows: string[] = [];
  for (const [resource, actions] of Object.entries(POLICY)) {
    for (const [action, r] of Object.entries(actions as Record<string, Rule>)) {
      const cells = ROLES.map((role) =>
        r.roles.includes(role) ? (r.platformOnly ? 'platform' : 'yes') : '',
      );
      rows.push(`| ${resource} | ${action} | ${cells.join(' | ')} |`);
    }
  }
  return [head, rule, ...rows].join('\n');
}
