import type { z } from 'zod';
import { ServingError } from './serving-error';

/** Parses a request body; a 400 names the first bad field (`messages.0.content`). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : 'body';
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field(s) ${issue.keys.join(', ')}`
      : issue.message;
  throw ServingError.invalid(field, message);
}
