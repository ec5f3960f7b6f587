import { describe, expect, it } from 'vitest';
import { createTestHarness } from '@alloy/plugin-sdk';
import { plugin } from './index';
import { DEFAULT_DISCLAIMER_EN, DEFAULT_DISCLAIMER_ZH } from './medical-config';

describe('clinical disclaimer', () => {
  const driver = createTestHarness(plugin);

  it('appends the disclaimer once at the end of a streamed clinical answer', async () => {
    const answer = 'Fever in adults is usually viral. Paracetamol 500 mg can help. Drink fluids.';
    const { text } = await driver.respond(answer, { stream: true });
    expect(text).toBe(`${answer}\n\n${DEFAULT_DISCLAIMER_EN}`);
  });

  it('uses the Chinese text for a Chinese answer', async () => {
    const { text } = await driver.respond('布洛芬可以缓解症状。');
    expect(text).toBe(`布洛芬可以缓解症状。\n\n${DEFAULT_DISCLAIMER_ZH}`);
  });

  it('leaves non-clinical answers alone and can be turned off or reworded', async () => {
    expect((await driver.respond('The clinic opens at 8 am on weekdays.')).text).toBe(
      'The clinic opens at 8 am on weekdays.',
    );
    const off = createTestHarness(plugin, { config: { disclaimer: false } });
    expect((await off.respond('Take 2 tablets.')).text).toBe('Take 2 tablets.');
    const custom = createTestHarness(plugin, { config: { disclaimerTextEn: 'Ask your GP.' } });
    expect((await custom.respond('Take 2 tablets.')).text).toBe('Take 2 tablets.\n\nAsk your GP.');
  });
});
