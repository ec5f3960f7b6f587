/**
 * A job writes to the artifact store only under `jobs/<its job id>/`: whatever a queued spec says,
 * a worker never overwrites another job's results, a model version or a dataset.
 */

/** A store key or local path this job may not use; running it again will not help. */
export class JobPathError extends Error {
  constructor(
    message: string,
    /** The spec field at fault, when a spec field is. */
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
  }
}

export function jobPrefix(jobId: string): string {
  return `jobs/${jobId}/`;
}

/** True when `key` is a plain key strictly under `jobs/<jobId>/` (no ".", ".." or empty parts). */
export function isUnderJobPrefix(jobId: string, key: string): boolean {
  if (typeof key !== 'string' || key.includes('\\') || key.includes('\0')) return false;
  const segments = key.split('/');
  return (
    segments.length >= 3 &&
    segments[0] === 'jobs' &&
    segments[1] === jobId &&
    segments.every((s) => s !== '' && s !== '.' && s !== '..')
  );
}

/** Throws a JobPathError naming `field` unless `key` is under the job's prefix. */
export function requireUnderJobPrefix(jobId: string, key: string, field?: string): void {
  if (!isUnderJobPrefix(jobId, key)) {
    throw new JobPathError(
      `"${key}" is not under ${jobPrefix(jobId)}; a job writes only under its own prefix`,
      field,
    );
  }
}

/** True when one key is the other or lies inside it. */
export function keysOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
