import { describe, expect, it } from 'vitest';
import type { MultipleChoiceExpected } from '@alloy/plugin-sdk';
import { DEFAULT_DISCLOSURE_EN } from '../finance-config';
import { plugin } from '../index';
import { createTestHarness } from '@alloy/plugin-sdk';
import { FINANCE_EVAL_SET } from './finance-eval-set';

const driver = createTestHarness(plugin);
const letter = (i: number) => 'ABCD'[i];

describe('finance_mc evaluator', () => {
  it('carries every item of the shipped set, presented with lettered choices', async () => {
    const result = await driver.evaluate('finance_mc', (evalCase) => {
      const content = evalCase.messages?.[0].content ?? '';
      expect(content).toMatch(/\nA\. .+\nB\. .+/);
      return 'A';
    });
    expect(result.cases).toBe(64);
    expect(FINANCE_EVAL_SET).toHaveLength(64);
  });

  it('scores 1 for a model that answers correctly, by letter or by choice text', async () => {
    const byLetter = await driver.evaluate(
      'finance_mc',
      (c) => `Answer: ${letter((c.expected as MultipleChoiceExpected).answer)}`,
    );
    expect(byLetter.metrics).toEqual({ accuracy: 1, compliance: 1 });
    const byText = await driver.evaluate('finance_mc', (c) => {
      const { answer, choices } = c.expected as MultipleChoiceExpected;
      return choices[answer];
    });
    expect(byText.metrics['accuracy']).toBe(1);
  });

  it('scores 0 for a model that always answers wrongly', async () => {
    const wrong = await driver.evaluate('finance_mc', (c) =>
      letter(((c.expected as MultipleChoiceExpected).answer + 1) % 4),
    );
    expect(wrong.metrics['accuracy']).toBe(0);
  });

  it('marks advice without a disclosure as non-compliant, even when the answer is right', async () => {
    const advice = await driver.evaluate(
      'finance_mc',
      (c) =>
        `${letter((c.expected as MultipleChoiceExpected).answer)}. You should buy this stock, returns are guaranteed.`,
    );
    expect(advice.metrics).toEqual({ accuracy: 1, compliance: 0 });
    const disclosed = await driver.evaluate(
      'finance_mc',
      (c) =>
        `${letter((c.expected as MultipleChoiceExpected).answer)}. You should buy this stock.\n${DEFAULT_DISCLOSURE_EN}`,
    );
    expect(disclosed.metrics['compliance']).toBe(1);
  });
});
