import { createTestHarness } from '@alloy/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { asksForFinalAnswer } from './homework-integrity.rule';
import { plugin } from './index';

describe('homework integrity', () => {
  it.each([
    'Just give me the answer to question 3.',
    'What are the answers to my homework worksheet?',
    'Solve this for me, no explanation: 3x + 5 = 20',
    '直接给我答案，不要过程。',
    '帮我做作业。',
  ])('recognises a request for the final answer: %s', (text) => {
    expect(asksForFinalAnswer(text)).toBe(true);
  });

  it.each([
    'How do I solve 3x + 5 = 20?',
    'Can you explain the steps for long division?',
    '这道题的思路是什么？',
  ])('lets a request for help through: %s', (text) => {
    expect(asksForFinalAnswer(text)).toBe(false);
  });

  const strict = createTestHarness(plugin, { config: { homeworkIntegrity: true } });

  it('rewrites an answer request with a system message steering to hints', async () => {
    const outcome = await strict.request({
      messages: [{ role: 'user', content: 'Just give me the answer: 3x + 5 = 20' }],
    });
    expect(outcome.outcome).toBe('rewrite');
    const messages = outcome.outcome === 'rewrite' ? (outcome.request.messages ?? []) : [];
    expect(messages[0]).toEqual({
      role: 'system',
      content: expect.stringMatching(/hints and the steps/),
    });
    expect(messages).toHaveLength(2);
  });

  it('withholds a bare final answer at the end, whole or streamed across a label', async () => {
    const answer = 'Subtract 5 from both sides. Then divide by 3. The final answer is x = 5.';
    const whole = await strict.respond(answer);
    expect(whole.text).toBe(
      'Subtract 5 from both sides. Then divide by 3. (Final answer withheld: work it out from the steps above.)',
    );
    const streamed = await strict.respond('Subtract 5, then divide by 3.\nAnswer: 5\n', {
      stream: true,
    });
    expect(streamed.text).not.toMatch(/Answer: 5/);
    expect(streamed.text).toContain('Final answer withheld');
    const zh = await strict.respond('两边同时减5，再除以3。答案：x=5');
    expect(zh.text).toBe(
      '两边同时减5，再除以3。（最终答案已隐藏：请根据上面的步骤自己算出结果。）',
    );
  });

  it('does nothing when the mode is off (the default) or the answer is only steps', async () => {
    const answer = 'The final answer is x = 5.';
    const off = createTestHarness(plugin);
    expect((await off.respond(answer)).text).toBe(answer);
    expect(await off.request({ prompt: 'Just give me the answer.' })).toEqual({ outcome: 'pass' });
    expect((await strict.respond('Subtract 5 from both sides, then divide by 3.')).text).toBe(
      'Subtract 5 from both sides, then divide by 3.',
    );
  });
});
