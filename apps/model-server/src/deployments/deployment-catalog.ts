/** What the server knows about one routable version of a deployed model. */
export interface ServedVersion {
  versionId: string;
  /** The tenant; model names are unique only within one. */
  organizationId?: string;
  model: string;
  version: number;
  artifactKey: string;
}

export interface TrafficSplit {
  version: number;
  weight: number;
}

/**
 * A deployed model: its routable versions, its registry aliases, and the split in force. Only the
 * ready versions its current traffic lists (whatever their weight) or an alias points at are
 * routable; any other version of the model, ready or not, is not served.
 */
export interface CatalogModel {
  organizationId: string;
  model: string;
  /** The model's domain (finance, medical, ...): which plugins run for it. */
  domain?: string;
  deployment: string;
  revision: number;
  /** The versions that take unversioned requests: weight above 0. */
  traffic: TrafficSplit[];
  versions: Map<number, ServedVersion>;
  aliases: Map<string, number>;
}

export interface CatalogRows {
  deployments: {
    organizationId?: string;
    deployment: string;
    model: string;
    domain?: string;
    revision: number;
    traffic: { versionId: string; weight: number }[];
  }[];
  versions: ServedVersion[];
  aliases: { organizationId?: string; model: string; alias: string; versionId: string }[];
}

/**
 * An immutable routing table built from one read of the database. Requests resolve against the
 * table they started with; the watcher swaps in a new table when anything changes.
 */
export class DeploymentCatalog {
  private readonly byName = new Map<string, CatalogModel>();

  constructor(readonly models: CatalogModel[]) {
    // A model is addressed, within its organisation, by its own name and by its deployments' names.
    for (const m of models) this.byName.set(key(m.organizationId, m.model), m);
    for (const m of models) {
      const k = key(m.organizationId, m.deployment);
      if (!this.byName.has(k)) this.byName.set(k, m);
    }
  }

  static empty(): DeploymentCatalog {
    return new DeploymentCatalog([]);
  }

  static fromRows(rows: CatalogRows): DeploymentCatalog {
    const models: CatalogModel[] = [];
    const seen = new Set<string>();
    for (const d of rows.deployments) {
      const org = d.organizationId ?? '';
      const ours = (r: { organizationId?: string; model: string }) =>
        r.model === d.model && (r.organizationId ?? '') === org;
      // One deployment per model routes its unversioned traffic (the oldest; rows come ordered).
      if (seen.has(key(org, d.model))) continue;
      seen.add(key(org, d.model));
      const ready = new Map(rows.versions.filter(ours).map((v) => [v.versionId, v]));
      const versions = new Map<number, ServedVersion>();
      const name = (versionId: string): ServedVersion | undefined => {
        const v = ready.get(versionId);
        if (v) versions.set(v.version, v);
        return v;
      };
      // A weight of 0 keeps a version deployed (addressable by its number) without split traffic.
      const traffic = d.traffic.flatMap((s) => {
        const v = name(s.versionId);
        return v && s.weight > 0 ? [{ version: v.version, weight: s.weight }] : [];
      });
      const aliases = new Map<string, number>();
      for (const a of rows.aliases.filter(ours)) {
        const v = name(a.versionId);
        if (v) aliases.set(a.alias, v.version);
      }
      models.push({
        organizationId: org,
        model: d.model,
        domain: d.domain,
        deployment: d.deployment,
        revision: d.revision,
        traffic,
        versions,
        aliases,
      });
    }
    return new DeploymentCatalog(models);
  }

  get(name: string, organizationId = ''): CatalogModel | undefined {
    return this.byName.get(key(organizationId, name));
  }

  /** A stable fingerprint: equal when routing would be the same. */
  fingerprint(): string {
    return JSON.stringify(
      this.models.map((m) => [
        m.organizationId,
        m.model,
        m.deployment,
        m.revision,
        m.traffic,
        [...m.versions.values()].map((v) => [v.version, v.artifactKey]),
        [...m.aliases],
      ]),
    );
  }
}

function key(organizationId: string, name: string): string {
  return `${organizationId}/${name}`;
}

/** Picks a version by weight; `random` in [0, 1). */
export function pickWeighted(traffic: TrafficSplit[], random: number): number | undefined {
  const total = traffic.reduce((sum, s) => sum + s.weight, 0);
  if (total <= 0) return undefined;
  let point = random * total;
  for (const share of traffic) {
    point -= share.weight;
    if (point < 0) return share.version;
  }
  return traffic[traffic.length - 1]?.version;
}
