import { describe, expect, it } from 'vitest';
import { DeploymentCatalog, pickWeighted } from './deployment-catalog';

describe('pickWeighted', () => {
  it('follows the weights', () => {
    const traffic = [
      { version: 1, weight: 90 },
      { version: 2, weight: 10 },
    ];
    expect(pickWeighted(traffic, 0)).toBe(1);
    expect(pickWeighted(traffic, 0.8999)).toBe(1);
    expect(pickWeighted(traffic, 0.9)).toBe(2);
    expect(pickWeighted(traffic, 0.9999)).toBe(2);
    expect(pickWeighted([], 0.5)).toBeUndefined();
  });
});

describe('DeploymentCatalog', () => {
  it('routes by model and deployment name, with aliases and only ready versions', () => {
    const catalog = DeploymentCatalog.fromRows({
      deployments: [
        {
          deployment: 'fin-prod',
          model: 'fin',
          revision: 3,
          traffic: [
            { versionId: 'a', weight: 80 },
            { versionId: 'b', weight: 20 },
            { versionId: 'gone', weight: 0 },
          ],
        },
      ],
      versions: [
        { versionId: 'a', model: 'fin', version: 1, artifactKey: 'm/1' },
        { versionId: 'b', model: 'fin', version: 2, artifactKey: 'm/2' },
      ],
      aliases: [{ model: 'fin', alias: 'production', versionId: 'b' }],
    });
    expect(catalog.get('fin')?.traffic).toEqual([
      { version: 1, weight: 80 },
      { version: 2, weight: 20 },
    ]);
    expect(catalog.get('fin-prod')).toBe(catalog.get('fin'));
    expect(catalog.get('fin')?.aliases.get('production')).toBe(2);
    expect(catalog.get('other')).toBeUndefined();
  });

  it('routes only the ready versions the traffic lists (any weight) or an alias names', () => {
    const catalog = DeploymentCatalog.fromRows({
      deployments: [
        {
          deployment: 'fin-prod',
          model: 'fin',
          revision: 1,
          traffic: [
            { versionId: 'a', weight: 100 },
            { versionId: 'b', weight: 0 },
          ],
        },
      ],
      versions: [
        { versionId: 'a', model: 'fin', version: 1, artifactKey: 'm/1' },
        { versionId: 'b', model: 'fin', version: 2, artifactKey: 'm/2' },
        { versionId: 'c', model: 'fin', version: 3, artifactKey: 'm/3' },
        { versionId: 'd', model: 'fin', version: 4, artifactKey: 'm/4' },
        { versionId: 'x', organizationId: 'other', model: 'fin', version: 9, artifactKey: 'o/9' },
      ],
      aliases: [
        { model: 'fin', alias: 'staging', versionId: 'c' },
        // an alias of another tenant's model of the same name routes nothing here
        { organizationId: 'other', model: 'fin', alias: 'x', versionId: 'x' },
      ],
    });
    const fin = catalog.get('fin')!;
    expect([...fin.versions.keys()].sort()).toEqual([1, 2, 3]);
    expect(fin.traffic).toEqual([{ version: 1, weight: 100 }]);
    expect([...fin.aliases]).toEqual([['staging', 3]]);
  });
});
