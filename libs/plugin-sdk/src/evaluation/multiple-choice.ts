// Multiple-choice evaluation sets, as the finance, medical and education plugins carry them.
import type { EvalCase } from '../types';

/** One multiple-choice item: `answer` is the index of the right choice. */
export interface MultipleChoiceItem {
  id: string;
  question: string;
  choices: string[];
  answer: number;
}

/** What a multiple-choice case carries to its scorer. */
export interface MultipleChoiceExpected {
  answer: number;
  choices: string[];
}

const LETTERS = 'ABCDEFGHIJ';

/** The case prompt: the question, lettered choices and how to answer, in the question's language. */
export function multipleChoiceCase(item: MultipleChoiceItem): EvalCase {
  const zh = /[\u4e00-\u9fff]/u.test(item.question);
  const lines = item.choices.map((choice, i) => `${LETTERS[i]}. ${choice}`);
  const instruction = zh
    ? '请只回答正确选项的字母。'
    : 'Answer with the letter of the correct choice only.';
  const expected: MultipleChoiceExpected = { answer: item.answer, choices: item.choices };
  return {
    id: item.id,
    messages: [{ role: 'user', content: [item.question, ...lines, instruction].join('\n') }],
    expected,
    maxTokens: 16,
  };
}

// Lead-ins that models put before the letter: "Answer: B", "The correct answer is (C)", "答案是B", "选A".
const LEAD_IN =
  /^(?:(?:the\s+)?(?:correct\s+|right\s+|final\s+)?(?:answer|choice|option)\s*(?:is\s*)?[:：]?\s*|(?:正确)?(?:答案|选项)\s*(?:是|为|应为)?\s*[:：]?\s*|选\s*)/iu;

/**
 * The choice an output picks, or -1. An output that is exactly one choice's text picks that
 * choice first, so "5" answers a choice "5" rather than the fifth letter; then the first letter,
 * then the first choice number (1-based).
 */
export function pickedChoice(output: string, choices: readonly string[]): number {
  const bare = output
    .trim()
    .replace(/^[*_`\s]+|[*_`\s]+$/gu, '')
    .replace(/[.。!！]$/u, '')
    .trim();
  const exact = choices.findIndex((choice) => choice.trim() === bare);
  if (exact >= 0) return exact;

  const rest = bare.replace(LEAD_IN, '').replace(/^[*_`(（[\s]+/u, '');
  const letter = /^([A-Ja-j])(?![A-Za-z0-9])/u.exec(rest);
  // "A bank holds ..." starts with the article, not with choice A.
  if (letter && !/^[Aa]\s+[a-z]/u.test(rest)) {
    const index = LETTERS.indexOf(letter[1].toUpperCase());
    return index < choices.length ? index : -1;
  }
  const number = /^(\d{1,2})(?![\d.,])/u.exec(rest);
  if (number) {
    const index = Number(number[1]) - 1;
    return index >= 0 && index < choices.length ? index : -1;
  }
  return -1;
}

/** 1 when the output picks the expected choice, else 0. */
export function multipleChoiceAccuracy(evalCase: EvalCase, output: string): number {
  const expected = evalCase.expected as MultipleChoiceExpected | undefined;
  if (!expected) return 0;
  return pickedChoice(output, expected.choices) === expected.answer ? 1 : 0;
}
