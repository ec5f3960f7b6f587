/**
 * The files a trainer's manifest names are paths inside the job's own output directory: plain
 * relative names joined by "/", never absolute, never "..", "." or empty parts, no backslash or
 * NUL. A manifest naming anything else is refused before any of it is registered.
 */
export function isInsideOutputDir(file: unknown): boolean {
  if (typeof file !== 'string' || !file || file.includes('\\') || file.includes('\0')) {
    return false;
  }
  return file.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Why a manifest's file list cannot be registered, or null when every path is inside. */
export function manifestPathProblem(files: readonly { path: unknown }[]): string | null {
  const outside = files.filter((f) => !isInsideOutputDir(f.path)).length;
  if (!outside) return null;
  // the paths themselves are not echoed: the reason is shown to API callers
  return `the trainer's manifest names ${outside} file(s) outside the job's output directory (absolute, "..", "." or empty parts); nothing was registered`;
}
