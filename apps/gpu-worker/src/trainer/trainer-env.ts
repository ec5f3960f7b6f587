/**
 * The environment the trainer runs with: an allow-list of the worker's variables, never the whole
 * of it. The trainer executes model code on files it did not write, so it must not hold the
 * worker's Redis URL, database URL, worker token or any other credential.
 */

/** Variables passed through as they are. */
const ALLOWED_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TZ',
  'LANG',
  'LANGUAGE',
  'LD_LIBRARY_PATH',
]);

/** Prefixes of locale, Python, CUDA/NCCL, torch and math library settings. */
const ALLOWED_PREFIXES = [
  'LC_',
  'PYTHON',
  'CUDA',
  'NVIDIA_',
  'NCCL_',
  'TORCH',
  'OMP_',
  'MKL_',
  'OPENBLAS_',
  'ALLOY_TRAINER_',
];

/** Even under an allowed prefix, a name that looks like a credential is dropped. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|API_?KEY|PRIVATE|AUTH|_URL$/i;

export function isPassedToTrainer(name: string): boolean {
  if (SECRET_NAME.test(name)) return false;
  return ALLOWED_NAMES.has(name) || ALLOWED_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** The allowed part of `base`, then `own` (what the launcher sets itself) on top. */
export function trainerEnvironment(
  base: NodeJS.ProcessEnv,
  own: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && isPassedToTrainer(name)) env[name] = value;
  }
  return { ...env, ...own };
}
