import { isCjkCode } from './char-classes';

/**
 * Word segmentation shared by the quality rules and the fallback token counter. Chinese and
 * Japanese have no spaces between words, so each Han or kana character counts as one word
 * (a Chinese word is one to two characters, so counts stay within a factor of two of a real
 * segmenter); elsewhere a word is a run of letters or a number such as 12.5 or 3,400.
 */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const WORD = new RegExp(
  `[${CJK}]|\\p{N}+(?:[.,]\\p{N}+)*|[[\\p{L}\\p{M}\\p{N}]--[${CJK}]]+(?:['’\\-][[\\p{L}\\p{M}]--[${CJK}]]+)*`,
  'gv',
);
const HAS_LETTER = /\p{L}/u;

export interface WordInfo {
  words: string[];
  /** How many of `words` are single CJK characters. */
  cjkWords: number;
}

export function splitWords(text: string): WordInfo {
  const words = text.match(WORD) ?? [];
  let cjkWords = 0;
  for (const w of words) if (isCjkWord(w)) cjkWords++;
  return { words, cjkWords };
}

export function isCjkWord(word: string): boolean {
  return word.length === 1 && isCjkCode(word.charCodeAt(0));
}

export function hasLetter(word: string): boolean {
  const c = word.charCodeAt(0);
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || isCjkCode(c)) return true;
  return HAS_LETTER.test(word);
}

/** Word count without materialising the words, for the fallback token counter. */
export function countWords(text: string): number {
  WORD.lastIndex = 0;
  let n = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}
