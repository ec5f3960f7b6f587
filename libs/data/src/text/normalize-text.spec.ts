import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize-text';
import { countWords, splitWords } from './text-stats';

describe('normalizeText', () => {
  it('cleans whitespace, invisible characters and blank lines', () => {
    expect(normalizeText('  Hello\u00a0\u00a0 world\u200b \r\n\r\n\r\n\r\nnext\tline  ')).toBe(
      'Hello world\n\nnext line',
    );
  });

  it('folds full-width letters and digits but keeps Chinese punctuation under NFC', () => {
    expect(normalizeText('手机１３８００１３８０００，邮箱ｌｉ＠ｅｘａｍｐｌｅ.cn（备注）')).toBe(
      '手机13800138000，邮箱li@example.cn（备注）',
    );
    expect(normalizeText('面积 120 m²')).toBe('面积 120 m²');
  });

  it('applies NFKC when asked', () => {
    expect(normalizeText('面积 120 m²，（备注）', 'NFKC')).toBe('面积 120 m2,(备注)');
  });

  it('composes decomposed accents', () => {
    expect(normalizeText('Cafe\u0301')).toBe('Café');
  });
});

describe('word counting', () => {
  it('counts CJK characters as words and keeps numbers whole', () => {
    const { words, cjkWords } = splitWords(
      '银行利率12.5%, rose to 3,400 in 2023; it’s well-known.',
    );
    expect(cjkWords).toBe(4);
    expect(words).toEqual([
      '银',
      '行',
      '利',
      '率',
      '12.5',
      'rose',
      'to',
      '3,400',
      'in',
      '2023',
      'it’s',
      'well-known',
    ]);
    expect(countWords('银行利率12.5%, rose to 3,400 in 2023; it’s well-known.')).toBe(12);
  });
});
