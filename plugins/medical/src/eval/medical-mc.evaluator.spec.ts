import { describe, expect, it } from 'vitest';
import type { MultipleChoiceExpected } from '@alloy/plugin-sdk';
import { plugin } from '../index';
import { createTestHarness } from '@alloy/plugin-sdk';

const driver = createTestHarness(plugin);
const letter = (i: number) => 'ABCD'[i];

describe('medical_mc evaluator', () => {
  it('scores 1 for correct answers and carries the whole shipped set', async () => {
    const result = await driver.evaluate(
      'medical_mc',
      (c) => `答案：${letter((c.expected as MultipleChoiceExpected).answer)}`,
    );
    expect(result.cases).toBe(62);
    expect(result.metrics).toEqual({ accuracy: 1 });
  });

  it('scores 0 for wrong answers', async () => {
    const result = await driver.evaluate('medical_mc', (c) =>
      letter(((c.expected as MultipleChoiceExpected).answer + 2) % 4),
    );
    expect(result.metrics).toEqual({ accuracy: 0 });
  });
});
