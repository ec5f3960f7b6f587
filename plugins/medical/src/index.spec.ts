import { describe, expect, it } from 'vitest';
import defaultExport, { plugin } from './index';

describe('alloy.medical manifest', () => {
  it('declares its identity, domain, no network access and closed failure on every hook', () => {
    expect(defaultExport).toBe(plugin);
    expect(plugin.manifest).toMatchObject({
      id: 'alloy.medical',
      version: '1.0.0',
      sdk: '^1.0.0',
      domains: ['medical'],
    });
    expect(plugin.manifest.permissions?.network ?? []).toEqual([]);
    expect(plugin.manifest.failurePolicy).toMatchObject({
      'dataset.record': 'closed',
      'inference.request': 'closed',
      'inference.response': 'closed',
    });
    expect(plugin.tools?.map((t) => t.name)).toEqual(['medical_dose_by_weight']);
    expect(plugin.evaluators?.map((e) => e.name)).toEqual(['medical_mc']);
  });
});
