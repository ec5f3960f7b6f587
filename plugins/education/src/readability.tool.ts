import type { ToolDefinition } from '@alloy/plugin-sdk';
import type { EducationConfig } from './education-config';
import { roundHalfUp } from '@alloy/plugin-sdk';

export interface Readability {
  language: 'en' | 'zh';
  /** US school grade the text reads at (0 = below first grade). */
  grade: number;
  level: 'primary' | 'middle' | 'high' | 'college';
  sentences: number;
  /** Words (English) or Han characters (Chinese). */
  units: number;
  /** English: syllables counted by the heuristic; Chinese: clauses. */
  syllables?: number;
  clauses?: number;
}

/** Syllables of an English word: vowel groups after dropping a silent final e, es or ed. */
export function syllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/gu, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  w = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/u, '').replace(/^y/u, '');
  return Math.max(1, (w.match(/[aeiouy]{1,2}/gu) ?? []).length);
}

function levelOf(grade: number): Readability['level'] {
  if (grade < 6) return 'primary';
  if (grade < 9) return 'middle';
  if (grade < 13) return 'high';
  return 'college';
}

/**
 * Grade level. English: Flesch-Kincaid, 0.39 × words/sentence + 11.8 × syllables/word − 15.59.
 * Chinese: 0.2 × Han characters per sentence + 0.3 × Han characters per clause − 1.5, since
 * sentence and clause length are what graded Chinese readers lengthen first (a 7-character
 * sentence reads at grade 2, a 40-character one with 13-character clauses at about 10).
 * Both are floored at 0; text with more Han characters than English words is read as Chinese.
 */
export function readability(text: string): Readability {
  const han = (text.match(/[\u4e00-\u9fff]/gu) ?? []).length;
  const words = text.match(/[A-Za-z]+(?:['’][A-Za-z]+)?/gu) ?? [];
  if (han > words.length) {
    const sentences = Math.max(
      1,
      text.split(/[。！？!?；;\n]+/u).filter((s) => /[\u4e00-\u9fff]/u.test(s)).length,
    );
    const clauses = Math.max(
      sentences,
      text.split(/[。！？!?；;\n，,、：:]+/u).filter((s) => /[\u4e00-\u9fff]/u.test(s)).length,
    );
    const grade = Math.max(
      0,
      roundHalfUp(0.2 * (han / sentences) + 0.3 * (han / clauses) - 1.5, 1),
    );
    return { language: 'zh', grade, level: levelOf(grade), sentences, units: han, clauses };
  }
  if (words.length === 0) throw new Error('text has no words to score');
  const sentences = Math.max(1, (text.match(/[.!?]+(?=\s|$)/gu) ?? []).length);
  const total = words.reduce((sum, w) => sum + syllables(w), 0);
  const grade = Math.max(
    0,
    roundHalfUp(0.39 * (words.length / sentences) + 11.8 * (total / words.length) - 15.59, 1),
  );
  return {
    language: 'en',
    grade,
    level: levelOf(grade),
    sentences,
    units: words.length,
    syllables: total,
  };
}

export const READABILITY_TOOL: ToolDefinition<EducationConfig> = {
  name: 'education_readability',
  description:
    'Grade level of a text: Flesch-Kincaid for English, a sentence- and clause-length formula for Chinese. Returns the grade, a level (primary, middle, high, college) and the counts used.',
  parameters: {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: {
      text: { type: 'string', minLength: 1, maxLength: 100_000, description: 'The text to score.' },
    },
  },
  handler: (args) => {
    const text = args['text'];
    if (typeof text !== 'string' || text.trim() === '')
      throw new Error('text must be a non-empty string');
    return readability(text);
  },
};
