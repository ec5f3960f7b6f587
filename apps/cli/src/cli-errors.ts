/** A mistake in how the command was called: exits with 2 (as commander's own usage errors). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes: 0 done, 1 the API refused or a job failed, 2 a usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
