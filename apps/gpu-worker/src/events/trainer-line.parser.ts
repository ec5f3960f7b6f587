import { validateJobEvent, type JobEvent } from '@alloy/contracts';

export type TrainerLine = { event: JobEvent } | { error: string };

/** One stdout line of the trainer: an event of the shared schema, or why it is not one. */
export function parseTrainerLine(line: string): TrainerLine | null {
  const text = line.trim();
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'not JSON' };
  }
  const result = validateJobEvent(value);
  if (!result.ok) {
    return { error: result.errors.map((e) => `${e.field}: ${e.message}`).join('; ') };
  }
  return { event: result.value };
}
