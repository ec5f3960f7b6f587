import { describe, expect, it } from 'vitest';
import defaultExport, { plugin } from './index';

describe('alloy.finance manifest', () => {
  it('declares its identity, domain and no network access', () => {
    expect(defaultExport).toBe(plugin);
    expect(plugin.manifest).toMatchObject({
      id: 'alloy.finance',
      version: '1.0.0',
      sdk: '^1.0.0',
      domains: ['finance'],
    });
    expect(plugin.manifest.permissions?.network ?? []).toEqual([]);
  });

  it('fails closed where it protects people and open where it only tidies', () => {
    expect(plugin.manifest.failurePolicy).toMatchObject({
      'dataset.record': 'open',
      'inference.request': 'closed',
      'inference.response': 'closed',
    });
  });

  it('offers the three calculators and the evaluator', () => {
    expect(plugin.tools?.map((t) => t.name)).toEqual([
      'finance_loan_amortization',
      'finance_compound_interest',
      'finance_apr',
    ]);
    expect(plugin.evaluators?.map((e) => e.name)).toEqual(['finance_mc']);
  });
});
