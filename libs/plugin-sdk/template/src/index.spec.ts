// eslint-disable-next-line @nx/enforce-module-boundaries -- in Alloy's repository the template sits inside the SDK's project; alloy-plugin init drops this line
import { createTestHarness } from '@alloy/plugin-sdk';
import { describe, expect, it } from 'vitest';
import plugin from './index';

describe('example-plugin', () => {
  it('appends the default disclaimer once to a whole answer', async () => {
    const harness = createTestHarness(plugin);
    const result = await harness.respond('Paris is the capital of France.');
    expect(result.text).toBe(
      'Paris is the capital of France.\n\nAnswers may be wrong; check them.',
    );
  });

  it('appends the disclaimer once, at the end, to a streamed answer', async () => {
    const harness = createTestHarness(plugin, { config: { disclaimer: 'Check with a teacher.' } });
    const result = await harness.respond('First sentence. Second sentence. Third', {
      stream: true,
    });
    expect(result.text).toBe('First sentence. Second sentence. Third\n\nCheck with a teacher.');
  });

  it('refuses a configuration its schema does not allow', () => {
    expect(() => createTestHarness(plugin, { config: { disclaimer: '' } })).toThrow(
      /config\.disclaimer/,
    );
  });
});
