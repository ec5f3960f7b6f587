import { describe, expect, it } from 'vitest';
import { emergencySigns } from './emergency.rule';
import { plugin } from './index';
import { createTestHarness } from '@alloy/plugin-sdk';

describe('emergency signs', () => {
  it.each([
    ['I have chest pain and shortness of breath.', ['chest-pain', 'breathing']],
    ['My dad’s face is drooping and he has slurred speech.', ['stroke']],
    ['The cut is bleeding heavily and will not stop.', ['bleeding']],
    ['I want to kill myself.', ['suicide']],
    ['My son took too many pills.', ['overdose']],
    ['Her throat is swelling after a bee sting.', ['anaphylaxis']],
    ['突然胸痛，呼吸困难。', ['chest-pain', 'breathing']],
    ['我不想活了。', ['suicide']],
    ['老人口角歪斜，说话不清。', ['stroke']],
  ])('recognises %s', (text, kinds) => {
    expect(emergencySigns(text)).toEqual(kinds);
  });

  it.each([
    'How do I treat a mild headache?',
    'What is the normal dose of ibuprofen for a child?',
    'Patient denies chest pain.',
    'No shortness of breath at rest.',
    '我有点咳嗽，流鼻涕。',
    '患者否认胸痛、呼吸困难。',
  ])('does not alarm on %s', (text) => {
    expect(emergencySigns(text)).toEqual([]);
  });
});

describe('emergency guard in hooks', () => {
  const driver = createTestHarness(plugin);

  it('adds a system message to an emergency request', async () => {
    const outcome = await driver.request({
      messages: [{ role: 'user', content: 'I have crushing chest pain.' }],
    });
    expect(outcome.outcome).toBe('rewrite');
    const messages = outcome.outcome === 'rewrite' ? (outcome.request.messages ?? []) : [];
    expect(messages[0]).toMatchObject({ role: 'system' });
    expect(messages[0].content).toContain('call 911');
    expect(messages[1]).toEqual({ role: 'user', content: 'I have crushing chest pain.' });
  });

  it('lets an ordinary request pass', async () => {
    expect(
      await driver.request({ messages: [{ role: 'user', content: 'What is HbA1c?' }] }),
    ).toEqual({ outcome: 'pass' });
  });

  it('starts the first segment of the response with the direction, in the request’s language', async () => {
    const en = await driver.respond('Sit down and rest. Chew an aspirin if you are not allergic.', {
      stream: true,
      request: { messages: [{ role: 'user', content: 'chest pain and I can’t breathe' }] },
    });
    expect(en.text.startsWith('This may be an emergency: call 911')).toBe(true);
    expect(en.text.match(/call 911/g)).toHaveLength(1);
    const zh = await driver.respond('请保持坐姿。', {
      request: { messages: [{ role: 'user', content: '我胸痛，喘不上气' }] },
    });
    expect(zh.text.startsWith('这可能是紧急情况：请立即拨打急救电话 120')).toBe(true);
  });

  it('uses the configured number', async () => {
    const custom = createTestHarness(plugin, { config: { emergencyNumber: '112' } });
    const { text } = await custom.respond('Rest.', {
      request: { messages: [{ role: 'user', content: 'I took an overdose' }] },
    });
    expect(text.startsWith('This may be an emergency: call 112')).toBe(true);
  });

  it('puts the direction before the first segment that raises an emergency when the request did not', async () => {
    const { text } = await driver.respond(
      'Thanks for the details. Slurred speech and a drooping face are signs of a stroke. Act fast.',
      {
        stream: true,
        request: { messages: [{ role: 'user', content: 'My mother is acting strangely' }] },
      },
    );
    expect(text).toMatch(
      /^Thanks for the details\. This may be an emergency: call 911[^\n]*\n\nSlurred speech/,
    );
  });

  it('adds nothing to an ordinary answer, or when turned off', async () => {
    const answer = 'Rest and drink fluids.';
    const request = { messages: [{ role: 'user' as const, content: 'I have a cold' }] };
    expect(
      (
        await createTestHarness(plugin, { config: { disclaimer: false } }).respond(answer, {
          request,
        })
      ).text,
    ).toBe(answer);
    const off = createTestHarness(plugin, {
      config: { emergencyGuard: false, disclaimer: false },
    });
    expect(
      (
        await off.respond(answer, {
          request: { messages: [{ role: 'user', content: 'chest pain' }] },
        })
      ).text,
    ).toBe(answer);
  });
});
