import { countChars } from '../text/char-classes';
import { hasLetter, isCjkWord, splitWords } from '../text/text-stats';
import type { QualityThresholds } from './quality-thresholds';

export type QualityReason =
  | 'bad_phrase'
  | 'punctuation_lines'
  | 'bullet_lines'
  | 'ellipsis_lines'
  | 'duplicate_lines'
  | 'duplicate_line_chars'
  | 'duplicate_paragraphs'
  | 'too_few_words'
  | 'too_many_words'
  | 'mean_word_length'
  | 'symbol_ratio'
  | 'alpha_ratio'
  | 'digit_ratio'
  | 'stop_words'
  | 'top_ngram'
  | 'duplicate_ngrams';

export type QualityResult =
  | { ok: true; text: string; removedLines: number }
  | { ok: false; reason: QualityReason; detail: string };

const STOP_WORDS = new Set([
  // Gopher's English list.
  'the',
  'be',
  'to',
  'of',
  'and',
  'that',
  'have',
  'with',
  // Chinese function characters; a text without any of them is a list or a keyword dump.
  '的',
  '了',
  '是',
  '在',
  '和',
  '有',
  '与',
  '对',
  '为',
  '也',
  '就',
  '不',
  '这',
  '及',
]);
const BULLET = /^[•●▪‣◦·\-*–]\s?/;
const ELLIPSIS_END = /(\.\.\.|…)$/;
const SYMBOLS = /#|\.\.\.|…/g;
const HASH_BASE = 0x01000193;

function count(text: string, re: RegExp): number {
  re.lastIndex = 0;
  return text.match(re)?.length ?? 0;
}

function fraction(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function isMostlyPunctuation(line: string): boolean {
  const { punct, alnum } = countChars(line);
  return alnum === 0 ? punct > 0 : punct / (punct + alnum) > 0.5;
}

/** FNV-1a of a word with ASCII case folded inline (no lowercased copy per word). */
function fnv1aFolded(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h | 0;
}

/** Duplicate share of a list of elements, by count and by characters (Gopher's definition). */
function duplicates(items: string[]): { byCount: number; byChars: number } {
  const seen = new Set<string>();
  let dup = 0;
  let dupChars = 0;
  let chars = 0;
  for (const item of items) {
    chars += item.length;
    if (seen.has(item)) {
      dup++;
      dupChars += item.length;
    } else {
      seen.add(item);
    }
  }
  return { byCount: fraction(dup, items.length), byChars: fraction(dupChars, chars) };
}

/** n-gram statistics over word ids with a rolling polynomial hash (no string keys). */
class NgramStats {
  private readonly prefix: Int32Array;
  private readonly charPrefix: Float64Array;

  constructor(words: string[]) {
    this.prefix = new Int32Array(words.length + 1);
    this.charPrefix = new Float64Array(words.length + 1);
    for (let i = 0; i < words.length; i++) {
      const w = words[i] ?? '';
      this.prefix[i + 1] = (Math.imul(this.prefix[i] ?? 0, HASH_BASE) + fnv1aFolded(w)) | 0;
      this.charPrefix[i + 1] = (this.charPrefix[i] ?? 0) + w.length;
    }
  }

  get totalChars(): number {
    return this.charPrefix[this.charPrefix.length - 1] ?? 0;
  }

  private hashes(n: number): Int32Array {
    let power = 1;
    for (let i = 0; i < n; i++) power = Math.imul(power, HASH_BASE);
    const out = new Int32Array(Math.max(0, this.prefix.length - n));
    for (let i = 0; i < out.length; i++) {
      out[i] = ((this.prefix[i + n] ?? 0) - Math.imul(this.prefix[i] ?? 0, power)) | 0;
    }
    return out;
  }

  private chars(start: number, n: number): number {
    return (this.charPrefix[start + n] ?? 0) - (this.charPrefix[start] ?? 0);
  }

  topCharFraction(n: number): number {
    const grams = this.hashes(n);
    const counts = GRAM_COUNTS.reset(grams.length);
    let best = 0;
    let bestAt = 0;
    for (let i = 0; i < grams.length; i++) {
      const c = counts.increment(grams[i] ?? 0);
      if (c > best) {
        best = c;
        bestAt = i;
      }
    }
    return best < 2 ? 0 : fraction(best * this.chars(bestAt, n), this.totalChars);
  }

  duplicateCharFraction(n: number): number {
    const grams = this.hashes(n);
    const counts = GRAM_COUNTS.reset(grams.length);
    let repeated = false;
    for (let i = 0; i < grams.length; i++) if (counts.increment(grams[i] ?? 0) > 1) repeated = true;
    if (!repeated) return 0;
    const covered = new Uint8Array(this.prefix.length - 1);
    for (let i = 0; i < grams.length; i++) {
      if (counts.get(grams[i] ?? 0) > 1) covered.fill(1, i, i + n);
    }
    let chars = 0;
    for (let i = 0; i < covered.length; i++) if (covered[i]) chars += this.chars(i, 1);
    return fraction(chars, this.totalChars);
  }
}

/**
 * Counts of 32-bit n-gram hashes in an open-addressing table that is reused from document to
 * document: these counts run several times on every document, and a Map per count allocated
 * and hashed far more than the counting itself needs.
 */
class HashCounter {
  private keys = new Int32Array(1024);
  private counts = new Int32Array(1024);
  // A slot belongs to the current document only when its stamp matches: no clearing between
  // documents, and a table grown for one long document costs nothing for the short ones after.
  private stamps = new Int32Array(1024);
  private stamp = 0;
  private mask = 1023;

  reset(items: number): this {
    let size = 1024;
    while (size < items * 2) size *= 2;
    if (size > this.keys.length) {
      this.keys = new Int32Array(size);
      this.counts = new Int32Array(size);
      this.stamps = new Int32Array(size);
      this.stamp = 0;
    }
    this.stamp++;
    this.mask = size - 1;
    return this;
  }

  private slot(key: number): number {
    let i = (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
    while (this.stamps[i] === this.stamp && this.keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }

  increment(key: number): number {
    const i = this.slot(key);
    if (this.stamps[i] !== this.stamp) {
      this.stamps[i] = this.stamp;
      this.keys[i] = key;
      this.counts[i] = 0;
    }
    return ++this.counts[i];
  }

  get(key: number): number {
    const i = this.slot(key);
    return this.stamps[i] === this.stamp ? (this.counts[i] ?? 0) : 0;
  }
}

const GRAM_COUNTS = new HashCounter();

function reject(reason: QualityReason, detail: string): QualityResult {
  return { ok: false, reason, detail };
}

const above = (value: number, limit: number | null): boolean => limit !== null && value > limit;
const below = (value: number, limit: number | null): boolean => limit !== null && value < limit;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * Applies the quality rules to one normalised text. Mostly-punctuation lines are removed when
 * they are few and reject the document when they are many; every other rule either passes or
 * rejects with a reason and the measured value.
 */
export function checkQuality(input: string, t: QualityThresholds): QualityResult {
  let text = input;
  if (t.badPhrases.length > 0) {
    const lower = text.toLowerCase();
    const phrase = t.badPhrases.find((p) => lower.includes(p.toLowerCase()));
    if (phrase !== undefined) return reject('bad_phrase', `contains "${phrase}"`);
  }

  let lines = text.split('\n').filter((l) => l !== '');
  let removedLines = 0;
  if (t.maxPunctuationLineFraction !== null && lines.length > 0) {
    const punct = lines.filter(isMostlyPunctuation).length;
    const share = fraction(punct, lines.length);
    if (share > t.maxPunctuationLineFraction) {
      return reject('punctuation_lines', `${pct(share)} of lines are mostly punctuation`);
    }
    if (punct > 0) {
      text = text
        .split('\n')
        .filter((l) => l === '' || !isMostlyPunctuation(l))
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      lines = text.split('\n').filter((l) => l !== '');
      removedLines = punct;
    }
  }

  const bullets = fraction(lines.filter((l) => BULLET.test(l)).length, lines.length);
  if (above(bullets, t.maxBulletLineFraction)) return reject('bullet_lines', pct(bullets));
  const ellipses = fraction(lines.filter((l) => ELLIPSIS_END.test(l)).length, lines.length);
  if (above(ellipses, t.maxEllipsisLineFraction)) return reject('ellipsis_lines', pct(ellipses));

  const dupLines = duplicates(lines);
  if (above(dupLines.byCount, t.maxDuplicateLineFraction)) {
    return reject('duplicate_lines', `${pct(dupLines.byCount)} of lines repeat`);
  }
  if (above(dupLines.byChars, t.maxDuplicateLineCharFraction)) {
    return reject(
      'duplicate_line_chars',
      `${pct(dupLines.byChars)} of characters in repeated lines`,
    );
  }
  if (t.maxDuplicateParagraphFraction !== null) {
    const dupParagraphs = duplicates(text.split(/\n\n+/));
    if (above(dupParagraphs.byCount, t.maxDuplicateParagraphFraction)) {
      return reject('duplicate_paragraphs', `${pct(dupParagraphs.byCount)} of paragraphs repeat`);
    }
  }

  const { words, cjkWords } = splitWords(text);
  if (below(words.length, t.minWords)) return reject('too_few_words', `${words.length} words`);
  if (above(words.length, t.maxWords)) return reject('too_many_words', `${words.length} words`);

  if (t.minMeanWordLength !== null || t.maxMeanWordLength !== null) {
    let latin = 0;
    let latinChars = 0;
    for (const w of words) {
      if (!isCjkWord(w)) {
        latin++;
        latinChars += w.length;
      }
    }
    const mean = fraction(latinChars, latin);
    if (latin >= 20 && (below(mean, t.minMeanWordLength) || above(mean, t.maxMeanWordLength))) {
      return reject('mean_word_length', `mean word length ${mean.toFixed(2)}`);
    }
  }

  const symbols = fraction(count(text, SYMBOLS), words.length);
  if (above(symbols, t.maxSymbolWordRatio)) return reject('symbol_ratio', symbols.toFixed(3));
  if (t.minAlphaWordFraction !== null) {
    const alpha = fraction(words.filter(hasLetter).length, words.length);
    if (words.length > 0 && alpha < t.minAlphaWordFraction) {
      return reject('alpha_ratio', `${pct(alpha)} of words have letters`);
    }
  }
  const chars = countChars(text);
  const digits = fraction(chars.digits, chars.nonSpace);
  if (above(digits, t.maxDigitRatio)) return reject('digit_ratio', `${pct(digits)} digits`);
  if (t.minStopWords !== null) {
    let stops = 0;
    for (const w of words) {
      if (STOP_WORDS.has(w.length <= 4 ? w.toLowerCase() : w) && ++stops >= t.minStopWords) break;
    }
    if (stops < t.minStopWords) return reject('stop_words', `${stops} stop words`);
  }

  if (t.maxTopNgramCharFraction !== null || t.maxDuplicateNgramCharFraction !== null) {
    const stats = new NgramStats(words);
    // One Chinese word is one to two characters: CJK-dominant text compares twice as long n-grams.
    const scale = cjkWords * 2 > words.length ? 2 : 1;
    for (const [key, limit] of Object.entries(t.maxTopNgramCharFraction ?? {})) {
      const n = Number(key) * scale;
      if (words.length < n) continue;
      const share = stats.topCharFraction(n);
      if (share > limit) return reject('top_ngram', `top ${key}-gram covers ${pct(share)}`);
    }
    const dupLimits = Object.entries(t.maxDuplicateNgramCharFraction ?? {}).sort(
      ([a], [b]) => Number(a) - Number(b),
    );
    // Text covered by repeated (n+1)-grams is covered by repeated n-grams too, so the share
    // only falls as n grows: when the shortest n is under every limit, all longer ones are.
    const smallest = Math.min(...dupLimits.map(([, limit]) => limit));
    for (const [i, [key, limit]] of dupLimits.entries()) {
      const n = Number(key) * scale;
      if (words.length < n) continue;
      const share = stats.duplicateCharFraction(n);
      if (i === 0 && share <= smallest) break;
      if (share > limit) {
        return reject('duplicate_ngrams', `repeated ${key}-grams cover ${pct(share)}`);
      }
    }
  }
  return { ok: true, text, removedLines };
}
