/**
 * Character classification on char codes, with fast paths for ASCII and the common CJK blocks:
 * the quality rules look at every character of every document, and regular expressions with
 * Unicode properties that build match arrays were the largest cost of the pipeline.
 */
export interface CharCounts {
  /** Letters and digits (CJK ideographs and kana count as letters). */
  alnum: number;
  /** Punctuation and symbols. */
  punct: number;
  digits: number;
  nonSpace: number;
}

const LETTER_OR_NUMBER = /[\p{L}\p{N}\p{M}]/u;
const WHITESPACE = /\s/u;

export function isCjkCode(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xf900 && c <= 0xfaff)
  );
}

export function countChars(text: string): CharCounts {
  let alnum = 0;
  let punct = 0;
  let digits = 0;
  let nonSpace = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c <= 0x20) continue;
      nonSpace++;
      if (c >= 0x30 && c <= 0x39) {
        digits++;
        alnum++;
      } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
        alnum++;
      } else if (c !== 0x7f) {
        punct++;
      }
      continue;
    }
    if (isCjkCode(c)) {
      nonSpace++;
      alnum++;
      continue;
    }
    if (c >= 0x3000 && c <= 0x303f) {
      if (c === 0x3000) continue;
      nonSpace++;
      punct++;
      continue;
    }
    // Anything else (accented Latin, Cyrillic, emoji, full-width forms): ask the Unicode tables.
    let ch = text[i] ?? '';
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      ch = text.slice(i, i + 2);
      i++;
    }
    if (WHITESPACE.test(ch)) continue;
    nonSpace++;
    if (LETTER_OR_NUMBER.test(ch)) alnum++;
    else punct++;
  }
  return { alnum, punct, digits, nonSpace };
}
