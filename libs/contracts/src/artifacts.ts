/** A file of an artifact, as recorded in the registry and checked after transfer. */
export interface StoredFileRef {
  path: string;
  sha256: string;
  bytes: number;
}

/** Folder of a LoRA artifact (PEFT layout) that holds the trainer's merged, loadable model. */
export const MERGED_MODEL_DIR = 'merged';

/**
 * The loadable model inside an artifact: the artifact itself, or for a LoRA adapter the merged
 * model beside it. Serving and training from a version both need a whole model directory, while the
 * version records everything the job produced (adapter and merged model, each file hashed).
 */
export function loadableModel<F extends { path: string }>(
  key: string,
  files: F[],
): { key: string; files: F[] } {
  const prefix = `${MERGED_MODEL_DIR}/`;
  const isAdapter =
    files.some((f) => f.path === 'adapter_config.json') &&
    files.some((f) => f.path === `${prefix}config.json`);
  if (!isAdapter) return { key, files };
  return {
    key: `${key}/${MERGED_MODEL_DIR}`,
    files: files
      .filter((f) => f.path.startsWith(prefix))
      .map((f) => ({ ...f, path: f.path.slice(prefix.length) })),
  };
}
