import { createTestHarness } from '@alloy/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { plugin } from './index';
import { syllables } from './readability.tool';

const harness = createTestHarness(plugin);
const score = (text: unknown) => harness.callTool('education_readability', { text });

describe('education_readability', () => {
  it('counts syllables by vowel groups', () => {
    expect(
      ['cat', 'table', 'energy', 'photosynthesis', 'converts', 'stored'].map(syllables),
    ).toEqual([1, 2, 3, 5, 2, 1]);
  });

  it('scores English with Flesch-Kincaid', async () => {
    expect(
      await score(
        'Photosynthesis converts light energy into chemical energy. Plants store it as sugar.',
      ),
    ).toEqual({
      language: 'en',
      grade: 11.3,
      level: 'high',
      sentences: 2,
      units: 12,
      syllables: 25,
    });
    expect(await score('The cat sat on the mat.')).toMatchObject({ grade: 0, level: 'primary' });
  });

  it('scores Chinese by sentence and clause length', async () => {
    expect(await score('小猫在院子里玩。')).toEqual({
      language: 'zh',
      grade: 2,
      level: 'primary',
      sentences: 1,
      units: 7,
      clauses: 1,
    });
    expect(await score('我们去公园散步，看见很多花。')).toMatchObject({ grade: 2.7, clauses: 2 });
  });

  it('rejects empty text', async () => {
    await expect(score('')).rejects.toThrow(/text/);
    await expect(score('1234 !!!')).rejects.toThrow(/no words/);
  });
});
