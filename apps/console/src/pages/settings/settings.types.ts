// The control plane's DTOs these tabs read (apps/control-plane/src/auth/dto/auth.dto.ts,
// plugins/dto/plugin.dto.ts, audit/dto): its OpenAPI document does not describe responses yet.
import type { Role, Scope } from '@alloy/identity/policy';
import type { Plugin, PluginEnablement } from '@alloy/sdk/types';

export interface OrganizationMember {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organizationId: string;
  disabled: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  /** ak: API key; wj: worker join token; wk: a worker's own credential. */
  kind: 'ak' | 'wj' | 'wk';
  role: Role | null;
  scopes: Scope[] | null;
  deployments: string[] | null;
  workerId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKey {
  /** The secret, shown only in the answer to its creation. */
  token: string;
}

export interface CreateApiKeyInput {
  name: string;
  role?: Role;
  scopes?: Scope[];
  deployments?: string[];
  expiresInDays?: number;
}

export interface Organization {
  id: string;
  name: string;
  displayName: string;
  platform: boolean;
  createdAt: string;
}

export interface OrganizationSettings extends Organization {
  inferenceContentLogging: boolean;
}

export interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  createdAt: string;
}

/** One installed version of a plugin, with the manifest as installed. */
export interface PluginVersion {
  version: string;
  platform: boolean;
  source: string;
  sha256: string;
  signedBy: string | null;
  installedBy: string;
  installedAt: string;
  manifest: Record<string, unknown>;
}

export interface InstalledPlugin extends Omit<Plugin, 'versions'> {
  versions: PluginVersion[];
}

export type { PluginEnablement };
