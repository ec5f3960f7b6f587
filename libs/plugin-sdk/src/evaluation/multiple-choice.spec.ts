import { describe, expect, it } from 'vitest';
import { pickedChoice } from './multiple-choice';

const choices = ['10', '11', '1', '5'];

describe('pickedChoice', () => {
  it.each([
    ['B', 1],
    ['b) 11', 1],
    ['a', 0],
    ['(C)', 2],
    ['Answer: D', 3],
    ['The correct answer is B.', 1],
    ['答案是C', 2],
    ['答案：A。', 0],
    ['选B', 1],
    ['**D**', 3],
    ['2', 1],
    ['5', 3],
    ['11', 1],
    ['A bank must hold capital.', -1],
    ['E', -1],
    ['I do not know', -1],
    ['', -1],
  ])('%j picks %i', (output, expected) => {
    expect(pickedChoice(output, choices)).toBe(expected);
  });
});
