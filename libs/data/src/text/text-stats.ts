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

const LETTER_OR_NUMBER = /[\p{L}\p{N}\p{M}]/u;
const NUMBER = /\p{N}/u;

/** 0: not part of a word, 1: a digit, 2: a letter (or other word character). */
function wordClass(text: string, i: number): 0 | 1 | 2 {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    if (c >= 0x30 && c <= 0x39) return 1;
    return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? 2 : 0;
  }
  if (c >= 0x3000 && c <= 0x303f) return 0;
  const ch = String.fromCodePoint(text.codePointAt(i) ?? c);
  if (!LETTER_OR_NUMBER.test(ch)) return 0;
  return NUMBER.test(ch) ? 1 : 2;
}

/**
 * Word count by the rules of `splitWords` (CJK characters one each, numbers such as 3,400.5
 * and words such as it's or well-known whole), in one pass over char codes: the fallback
 * token counter runs on every record, and building the word array cost more than the count.
 */
export function countWords(text: string): number {
  let n = 0;
  // 0: outside a word, 1: in a number, 2: in a word of letters (digits may follow letters).
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isCjkCode(c)) {
      n++;
      state = 0;
      continue;
    }
    const cls = wordClass(text, i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    if (cls !== 0) {
      // A letter after a number starts a new word ("30-day" and "12a" are two), as in splitWords.
      if (state === 0 || (state === 1 && cls === 2)) n++;
      state = state === 2 ? 2 : cls;
      continue;
    }
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    const nextCls = next === 0 || isCjkCode(next) ? 0 : wordClass(text, i + 1);
    const joinsNumber = state === 1 && (c === 0x2e || c === 0x2c) && nextCls === 1;
    const joinsWord = state === 2 && (c === 0x27 || c === 0x2019 || c === 0x2d) && nextCls === 2;
    if (!joinsNumber && !joinsWord) state = 0;
  }
  return n;
}
