import type { DatasetKind } from '../records/record.types';

/**
 * Thresholds of the document quality rules (after Gopher, Rae et al. 2021, and C4, Raffel et
 * al. 2020). A rule whose threshold is `null` is off. Ratios are fractions in [0, 1].
 */
export interface QualityThresholds {
  minWords: number | null;
  maxWords: number | null;
  /** Mean length of non-CJK words; checked only when the text has at least 20 of them. */
  minMeanWordLength: number | null;
  maxMeanWordLength: number | null;
  /** ('#' + ellipses) per word. */
  maxSymbolWordRatio: number | null;
  maxBulletLineFraction: number | null;
  maxEllipsisLineFraction: number | null;
  /** Fraction of words that contain a letter (CJK characters are letters). */
  minAlphaWordFraction: number | null;
  /** Digits among non-space characters. */
  maxDigitRatio: number | null;
  /** English stop words (the, and, of...) or Chinese function characters (的, 了, 是...). */
  minStopWords: number | null;
  maxDuplicateLineFraction: number | null;
  maxDuplicateLineCharFraction: number | null;
  maxDuplicateParagraphFraction: number | null;
  /**
   * Lines made mostly of punctuation or symbols: above this fraction of lines the document is
   * rejected, below it those lines are removed (C4's line cleaning).
   */
  maxPunctuationLineFraction: number | null;
  /** n -> most the most frequent n-gram may cover, as a fraction of word characters. */
  maxTopNgramCharFraction: Record<number, number> | null;
  /** n -> most that n-grams seen more than once may cover, as a fraction of word characters. */
  maxDuplicateNgramCharFraction: Record<number, number> | null;
  /** Case-insensitive phrases that reject a document (C4 drops "lorem ipsum" pages). */
  badPhrases: string[];
}

const CORPUS_DEFAULTS: QualityThresholds = {
  minWords: 20,
  maxWords: 100_000,
  minMeanWordLength: 3,
  maxMeanWordLength: 10,
  maxSymbolWordRatio: 0.1,
  maxBulletLineFraction: 0.9,
  maxEllipsisLineFraction: 0.3,
  // Gopher asks 0.8; numbers are words without letters, so reports and tables need less.
  minAlphaWordFraction: 0.7,
  maxDigitRatio: 0.25,
  minStopWords: 2,
  maxDuplicateLineFraction: 0.3,
  maxDuplicateLineCharFraction: 0.2,
  maxDuplicateParagraphFraction: 0.3,
  maxPunctuationLineFraction: 0.3,
  maxTopNgramCharFraction: { 2: 0.2, 3: 0.18, 4: 0.16 },
  maxDuplicateNgramCharFraction: { 5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.1 },
  badPhrases: ['lorem ipsum'],
};

const OFF: QualityThresholds = {
  minWords: null,
  maxWords: null,
  minMeanWordLength: null,
  maxMeanWordLength: null,
  maxSymbolWordRatio: null,
  maxBulletLineFraction: null,
  maxEllipsisLineFraction: null,
  minAlphaWordFraction: null,
  maxDigitRatio: null,
  minStopWords: null,
  maxDuplicateLineFraction: null,
  maxDuplicateLineCharFraction: null,
  maxDuplicateParagraphFraction: null,
  maxPunctuationLineFraction: null,
  maxTopNgramCharFraction: null,
  maxDuplicateNgramCharFraction: null,
  badPhrases: [],
};

/**
 * Defaults per kind. Chat turns, exam questions and safety prompts are short by nature, so only the rules
 * that catch degenerate output (runaway repetition, placeholder text, size) apply to them.
 */
export const DEFAULT_QUALITY: Readonly<Record<DatasetKind, QualityThresholds>> = {
  corpus: CORPUS_DEFAULTS,
  chat: {
    ...OFF,
    maxWords: 50_000,
    maxDuplicateLineFraction: 0.5,
    maxDuplicateNgramCharFraction: { 10: 0.3 },
    badPhrases: ['lorem ipsum'],
  },
  multiple_choice: { ...OFF, maxWords: 5_000, badPhrases: ['lorem ipsum'] },
  // a safety prompt may be one short question; only placeholders and runaway size are refused
  safety: { ...OFF, maxWords: 5_000, badPhrases: ['lorem ipsum'] },
};

/**
 * Per-domain adjustments of the corpus rules: financial text is dense with figures, clinical
 * text with doses and units, teaching material with numbered exercises and bullet lists.
 */
export const DOMAIN_QUALITY_PRESETS: Readonly<Record<string, Partial<QualityThresholds>>> = {
  finance: { maxDigitRatio: 0.4, minAlphaWordFraction: 0.5 },
  medical: { maxDigitRatio: 0.3, minAlphaWordFraction: 0.6, maxSymbolWordRatio: 0.15 },
  education: { maxBulletLineFraction: 1, minAlphaWordFraction: 0.6 },
};

/** Thresholds for a kind, with a domain preset and explicit overrides laid over the defaults. */
export function resolveQuality(
  kind: DatasetKind,
  domain?: string,
  overrides?: Partial<QualityThresholds>,
): QualityThresholds {
  const preset = kind === 'corpus' && domain ? (DOMAIN_QUALITY_PRESETS[domain] ?? {}) : {};
  return { ...DEFAULT_QUALITY[kind], ...preset, ...overrides };
}
