import { z } from 'zod';

/** Every bad key of the environment at once, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Parses the environment keys a process reads (an empty value counts as unset, so defaults apply).
 * Throws one ConfigError naming every bad key; values of secret keys never appear in it.
 */
export function parseEnv<K extends z.ZodRawShape>(
  keys: K,
  env: Record<string, string | undefined>,
  secretKeys: readonly string[],
): z.output<z.ZodObject<K>> {
  const present = Object.fromEntries(
    Object.keys(keys).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = z.object(keys).safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path.join('.');
        const secret = secretKeys.includes(key);
        return `${key}: ${issue.message}${secret ? ' (value hidden)' : ''}`;
      }),
    );
  }
  return parsed.data;
}
