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
});
