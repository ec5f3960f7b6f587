import type { EntityManager } from 'typeorm';

/** What runs for one piece of work: a plugin version, where its files lie, and its configuration. */
export interface EnabledPlugin {
  enablementId: string;
  pluginId: string;
  version: string;
  versionId: string;
  /** Store key of the plugin's directory. */
  path: string;
  sha256: string;
  manifest: Record<string, unknown>;
  config: Record<string, unknown>;
  scope: string;
  position: number;
}

/** The work plugins are chosen for: an organisation's request or ingestion, in a domain, for a model. */
export interface PluginTarget {
  organizationId: string;
  domain?: string | null;
  model?: string | null;
}

/** The specificity of a scope: a model's enablement wins over its domain's, which wins over the organisation's. */
const RANK: Record<string, number> = { model: 3, domain: 2, organization: 1 };

/**
 * The plugins enabled for a target, in the order they run (position, then id): for each plugin the
 * most specific enablement that matches, and only plugins whose manifest applies to the domain.
 */
export async function enabledPlugins(
  manager: EntityManager,
  target: PluginTarget,
): Promise<EnabledPlugin[]> {
  const rows = await manager.query<
    {
      enablement_id: string;
      plugin_id: string;
      version: string;
      version_id: string;
      path: string;
      sha256: string;
      manifest: Record<string, unknown>;
      config: Record<string, unknown>;
      scope: string;
      position: number;
    }[]
  >(
    `SELECT e.id AS enablement_id, e.plugin_id, v.version, v.id AS version_id, v.path, v.sha256,
            v.manifest, e.config, e.scope, e.position
       FROM plugin_enablements e
       JOIN plugin_versions v ON v.id = e.plugin_version_id
      WHERE e.organization_id = $1
        AND (e.scope = 'organization' OR e.scope = $2 OR e.scope = $3)`,
    [
      target.organizationId,
      target.domain ? `domain:${target.domain}` : null,
      target.model ? `model:${target.model}` : null,
    ],
  );
  const best = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const current = best.get(row.plugin_id);
    const rank = RANK[row.scope.split(':')[0]] ?? 0;
    if (!current || rank > (RANK[current.scope.split(':')[0]] ?? 0)) best.set(row.plugin_id, row);
  }
  return [...best.values()]
    .filter((row) => {
      const domains = Array.isArray(row.manifest.domains) ? (row.manifest.domains as string[]) : [];
      return domains.length === 0 || (!!target.domain && domains.includes(target.domain));
    })
    .sort((a, b) => a.position - b.position || a.plugin_id.localeCompare(b.plugin_id))
    .map((row) => ({
      enablementId: row.enablement_id,
      pluginId: row.plugin_id,
      version: row.version,
      versionId: row.version_id,
      path: row.path,
      sha256: row.sha256,
      manifest: row.manifest,
      config: row.config,
      scope: row.scope,
      position: row.position,
    }));
}

/**
 * Gives a new organisation the platform's domain enablements of the plugins the platform
 * installed for everyone (the finance, medical and education rules of a fresh installation).
 * Returns how many it copied.
 */
export async function copyPlatformPluginDefaults(
  manager: EntityManager,
  organizationId: string,
  actor: string,
): Promise<number> {
  const copied = await manager.query<{ id: string }[]>(
    `INSERT INTO plugin_enablements
            (organization_id, plugin_id, plugin_version_id, scope, config, position, enabled_by)
     SELECT $1, e.plugin_id, e.plugin_version_id, e.scope, e.config, e.position, $2
       FROM plugin_enablements e
       JOIN organizations o ON o.id = e.organization_id AND o.platform
       JOIN plugin_versions v ON v.id = e.plugin_version_id AND v.organization_id = o.id
      WHERE e.scope LIKE 'domain:%' AND o.id <> $1
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [organizationId, actor],
  );
  return copied.length;
}
