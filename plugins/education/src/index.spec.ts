import { describe, expect, it } from 'vitest';
import defaultExport, { plugin } from './index';

describe('alloy.education manifest', () => {
  it('declares its identity, domain, no network and its failure policies', () => {
    expect(defaultExport).toBe(plugin);
    expect(plugin.manifest).toMatchObject({
      id: 'alloy.education',
      version: '1.0.0',
      sdk: '^1.0.0',
      domains: ['education'],
    });
    expect(plugin.manifest.permissions?.network ?? []).toEqual([]);
    expect(plugin.manifest.failurePolicy).toMatchObject({
      'inference.request': 'closed',
      'inference.response': 'closed',
    });
  });
});
