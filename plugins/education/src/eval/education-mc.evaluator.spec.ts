import { createTestHarness } from '@alloy/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { plugin } from '../index';
import type { MultipleChoiceExpected } from '@alloy/plugin-sdk';

const harness = createTestHarness(plugin);

describe('education_mc evaluator', () => {
  it('scores 1 for correct choice texts and 0 for wrong letters over the whole set', async () => {
    const right = await harness.evaluate('education_mc', (c) => {
      const { answer, choices } = c.expected as MultipleChoiceExpected;
      return choices[answer];
    });
    expect(right.cases).toBe(60);
    expect(right.metrics).toEqual({ accuracy: 1 });
    const wrong = await harness.evaluate(
      'education_mc',
      (c) => 'ABCD'[((c.expected as MultipleChoiceExpected).answer + 1) % 4],
    );
    expect(wrong.metrics).toEqual({ accuracy: 0 });
  });
});
