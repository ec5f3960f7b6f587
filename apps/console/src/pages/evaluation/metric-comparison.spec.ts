import { describe, expect, it } from 'vitest';
import { formatMetric, verdict } from './metric-comparison';

describe('verdict', () => {
  it('calls a lower loss and a higher accuracy better, and the opposite worse', () => {
    expect(verdict('eval_loss', 1.2, 1.5)).toBe('better');
    expect(verdict('perplexity', 9, 7)).toBe('worse');
    expect(verdict('accuracy', 0.8, 0.7)).toBe('better');
    expect(verdict('disclosure_rate', 0.5, 0.9)).toBe('worse');
  });

  it('says nothing without a reference and "same" for an equal value', () => {
    expect(verdict('accuracy', 0.8, undefined)).toBeNull();
    expect(verdict('accuracy', 0.8, 0.8)).toBe('same');
  });
});

describe('formatMetric', () => {
  it('keeps four significant digits', () => {
    expect(formatMetric(0.123456)).toBe('0.1235');
    expect(formatMetric(42)).toBe('42');
    expect(formatMetric(undefined)).toBe('—');
  });
});
