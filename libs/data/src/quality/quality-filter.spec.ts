import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize-text';
import { checkQuality } from './quality-filter';
import { DEFAULT_QUALITY, resolveQuality } from './quality-thresholds';

const corpus = DEFAULT_QUALITY.corpus;

const EN_GOOD =
  'The central bank kept its policy rate unchanged this quarter, and most analysts said that the ' +
  'decision reflected a careful balance between growth and inflation. Lending to small firms rose ' +
  'with support from a new guarantee scheme, while the property sector remained weak and sales ' +
  'fell for the third month in a row.';
const ZH_GOOD =
  '中国人民银行本季度维持政策利率不变，多数分析人士认为这一决定体现了稳增长与控通胀之间的平衡。' +
  '在新的担保计划支持下，小微企业贷款有所增长，而房地产市场依然低迷，销售额已连续三个月下降。';

const OTHER_EN =
  'Exporters asked for longer credit terms as shipping costs rose, and the trade ministry said it ' +
  'would review the rules on letters of credit before the end of the year.';

function reason(text: string, overrides = {}): string | undefined {
  const r = checkQuality(normalizeText(text), { ...corpus, ...overrides });
  return r.ok ? undefined : r.reason;
}

describe('checkQuality', () => {
  it('keeps ordinary English and Chinese prose', () => {
    expect(reason(EN_GOOD)).toBeUndefined();
    expect(reason(ZH_GOOD)).toBeUndefined();
  });

  it('counts each Chinese character as a word for the length bounds', () => {
    expect(reason('市场今日平稳。')).toBe('too_few_words');
    expect(reason('Markets were calm today.')).toBe('too_few_words');
    expect(reason(ZH_GOOD, { maxWords: 50 })).toBe('too_many_words');
    expect(reason(EN_GOOD, { maxWords: 20 })).toBe('too_many_words');
  });

  it('rejects a bad phrase and keeps text without it', () => {
    expect(reason(`${EN_GOOD} Lorem ipsum dolor sit amet.`)).toBe('bad_phrase');
    expect(reason(EN_GOOD, { badPhrases: ['免责声明'] })).toBeUndefined();
    expect(reason(`${ZH_GOOD}免责声明`, { badPhrases: ['免责声明'] })).toBe('bad_phrase');
  });

  it('rejects mostly-punctuation documents and strips a few such lines', () => {
    expect(reason('### $$$ ### %%% ###\n!!! ??? ***\n' + EN_GOOD)).toBe('punctuation_lines');
    const r = checkQuality(`${EN_GOOD}\n----------\n${ZH_GOOD}\n${OTHER_EN}`, corpus);
    expect(r.ok && r.removedLines).toBe(1);
    expect(r.ok && r.text).not.toContain('-----');
  });

  it('rejects repeated lines in both languages', () => {
    expect(reason(Array(6).fill('Click here to subscribe and win a prize today!').join('\n'))).toBe(
      'duplicate_lines',
    );
    expect(reason(Array(6).fill('点击关注，领取福利，转发有奖！').join('\n'))).toBe(
      'duplicate_lines',
    );
    expect(reason(`${EN_GOOD}\n${ZH_GOOD}`)).toBeUndefined();
  });

  it('rejects repeated n-grams within a single line', () => {
    const spam = Array(8).fill('best rates in town call now').join(' ') + ` ${EN_GOOD}`;
    expect(['top_ngram', 'duplicate_ngrams']).toContain(reason(spam));
    const zhSpam = Array(8).fill('最低利率立即致电我们').join('，') + ZH_GOOD;
    expect(['top_ngram', 'duplicate_ngrams']).toContain(reason(zhSpam));
  });

  it('checks the symbol-to-word ratio', () => {
    const hashy = EN_GOOD.split(' ')
      .map((w) => `#${w}`)
      .join(' ');
    expect(reason(hashy)).toBe('symbol_ratio');
    expect(reason(`${EN_GOOD} #rates`)).toBeUndefined();
  });

  it('checks the digit ratio, relaxed by the finance preset', () => {
    const figures = `${EN_GOOD} Figures: 2019 12345 2020 23456 2021 34567 2022 45678 2023 56789 1111 2222 3333 4444 5555 6666 7777 8888 9999 1010 2020 3030.`;
    expect(reason(figures, { minAlphaWordFraction: null })).toBe('digit_ratio');
    const finance = { ...resolveQuality('corpus', 'finance'), minAlphaWordFraction: null };
    const r = checkQuality(normalizeText(figures), finance);
    expect(r.ok).toBe(true);
  });

  it('requires stop words (English) or function characters (Chinese)', () => {
    const keywordsEn =
      'stocks bonds futures options swaps forwards currencies commodities metals energy credit ' +
      'equities indices warrants notes bills loans deposits mortgages leases annuities pensions';
    expect(reason(keywordsEn)).toBe('stop_words');
    expect(reason('股票基金债券期货外汇信托保险理财黄金白银原油期权互换远期掉期贷款存款按揭')).toBe(
      'stop_words',
    );
    expect(reason(ZH_GOOD)).toBeUndefined();
  });

  it('checks the share of words with letters and the mean word length', () => {
    const numbers = `${EN_GOOD} ` + Array.from({ length: 60 }, (_, i) => String(i * 7)).join(' ');
    expect(reason(numbers, { maxDigitRatio: null })).toBe('alpha_ratio');
    const longWords = Array(30).fill('supercalifragilisticexpialidocious and the').join(' ');
    expect(
      reason(longWords, { maxTopNgramCharFraction: null, maxDuplicateNgramCharFraction: null }),
    ).toBe('mean_word_length');
  });

  it('checks bullet and ellipsis lines', () => {
    const bullets = EN_GOOD.split(', ')
      .map((s) => `• ${s}`)
      .join('\n');
    expect(reason(bullets)).toBe('bullet_lines');
    expect(checkQuality(bullets, resolveQuality('corpus', 'education')).ok).toBe(true);
    const teasers = EN_GOOD.split(', ')
      .map((s) => `${s}...`)
      .join('\n');
    expect(reason(teasers)).toBe('ellipsis_lines');
  });

  it('applies only the degenerate-output rules to chat records', () => {
    expect(checkQuality('Yes.', DEFAULT_QUALITY.chat).ok).toBe(true);
    expect(checkQuality('好的。', DEFAULT_QUALITY.chat).ok).toBe(true);
    const loop = Array(20).fill('I am sorry but I cannot help with that request').join(' ');
    expect(checkQuality(loop, DEFAULT_QUALITY.chat).ok).toBe(false);
  });
});
