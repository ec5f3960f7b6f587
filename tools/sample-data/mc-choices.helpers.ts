import type { SeededRandom } from './sample-random.helpers';

/**
 * Four distinct choices from a correct value and plausible wrong ones (typical mistakes);
 * when two candidates coincide, a nearby value takes the place of the repeat.
 */
export function numericChoices(
  r: SeededRandom,
  correct: number,
  wrong: readonly number[],
): { choices: string[]; answer: number } {
  const format = (x: number): string => String(Math.round(x * 100) / 100);
  const values = new Set([format(correct)]);
  for (const w of wrong) {
    let candidate = w;
    for (let step = 1; values.has(format(candidate)); step++) {
      candidate = w + step * (r.chance(0.5) ? 1 : -1) * Math.max(1, Math.abs(correct) * 0.1);
    }
    values.add(format(candidate));
    if (values.size === 4) break;
  }
  for (let step = 2; values.size < 4; step++) values.add(format(correct + step * 3));
  const choices = r.shuffle([...values]);
  return { choices, answer: choices.indexOf(format(correct)) };
}
