import type { Role, Scope } from './policy';

/** `system`: the control plane itself, acting for a tenant in background work (a finished job). */
export type PrincipalKind = 'user' | 'api-key' | 'worker' | 'worker-join' | 'system';

/** Who an authenticated request comes from; the same shape on every listener. */
export interface Principal {
  kind: PrincipalKind;
  /** The user id, or the key id for keys and workers. */
  id: string;
  /** What the audit log records: `user:<email>`, `key:<id>`, `worker:<id>`, `join-token:<id>`. */
  name: string;
  organizationId: string;
  /** The organisation runs the installation (its admins see every tenant). */
  platform: boolean;
  /** Null for workers and join tokens: they hold no role, only the worker protocol. */
  role: Role | null;
  /** Null: everything the role allows. */
  scopes: Scope[] | null;
  /** Inference limited to these deployment names; null: any of the organisation's. */
  deployments: string[] | null;
  /** The worker a worker credential belongs to. */
  workerId: string | null;
  /** The session or key id: what a rate limit counts against. */
  credentialId: string;
}
