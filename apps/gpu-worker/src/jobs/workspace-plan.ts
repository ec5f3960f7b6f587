import path from 'node:path';
import {
  JOB_SPEC_VERSION,
  WORKER_PROTOCOL_VERSION,
  type JobSpec,
  type StoredFileRef,
  type TrainingJobData,
} from '@alloy/contracts';
import { jobPrefix, isUnderJobPrefix, keysOverlap } from './job-prefix';

/** A job this worker can never run as given (retrying will not help). */
export class InvalidJobError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Where each input comes from in the store and where it goes in the work directory. */
export interface WorkspacePlan {
  /** The spec the trainer reads: every path relative to the work directory. */
  spec: JobSpec;
  base: { key: string; files: StoredFileRef[] | null; local: string } | null;
  datasets: { key: string; sha256: string; local: string }[];
  tokenizer: { key: string; local: string } | null;
  output: { key: string; local: string };
  checkpoints: { key: string; local: string };
}

// Fixed relative names: the trainer hashes the spec's paths into its checkpoints, so every worker
// must give the same job the same paths, or a checkpoint made elsewhere would not be resumed.
const LOCAL = {
  base: 'inputs/base',
  datasets: 'inputs/datasets',
  tokenizer: 'inputs/tokenizer',
  output: 'output/model',
  checkpoints: 'checkpoints',
} as const;

/** The store key of a job's checkpoints; the trainer's own default when the spec names none. */
export function checkpointKey(spec: JobSpec): string {
  return (
    spec.output.checkpointDir ??
    path.posix.join(path.posix.dirname(spec.output.dir), 'checkpoints', spec.jobId)
  );
}

function localDatasetName(index: number, key: string): string {
  const name = path.posix.basename(key).replace(/[^A-Za-z0-9._-]/g, '_') || 'data';
  return `${LOCAL.datasets}/${index}-${name}`;
}

/** The job writes its output and checkpoints only under `jobs/<jobId>/`, in two separate places. */
function checkOutputKeys(spec: JobSpec): void {
  const prefix = jobPrefix(spec.jobId);
  if (!isUnderJobPrefix(spec.jobId, spec.output.dir)) {
    throw new InvalidJobError('spec.output.dir', `"${spec.output.dir}" is not under ${prefix}`);
  }
  const checkpoints = checkpointKey(spec);
  if (!isUnderJobPrefix(spec.jobId, checkpoints)) {
    throw new InvalidJobError(
      'spec.output.checkpointDir',
      `"${checkpoints}" is not under ${prefix}`,
    );
  }
  if (keysOverlap(spec.output.dir, checkpoints)) {
    throw new InvalidJobError(
      'spec.output.checkpointDir',
      `"${checkpoints}" overlaps the output directory "${spec.output.dir}"`,
    );
  }
}

/**
 * Turns the queued job (artifact-store keys) into a plan for its work directory and the spec the
 * trainer runs. Checks what the JSON Schema cannot: versions, matching ids, a sha256 for every
 * dataset, and output keys under the job's own prefix.
 */
export function planWorkspace(data: TrainingJobData): WorkspacePlan {
  // Checked at run time: the queue may hold jobs of a newer control plane.
  if ((data as { protocolVersion: unknown }).protocolVersion !== WORKER_PROTOCOL_VERSION) {
    throw new InvalidJobError('protocolVersion', `this worker speaks ${WORKER_PROTOCOL_VERSION}`);
  }
  const spec = data.spec;
  if ((spec as { specVersion?: unknown } | undefined)?.specVersion !== JOB_SPEC_VERSION) {
    throw new InvalidJobError('spec.specVersion', `this worker accepts ${JOB_SPEC_VERSION}`);
  }
  if (spec.jobId !== data.jobId) {
    throw new InvalidJobError('spec.jobId', `differs from the job id ${data.jobId}`);
  }
  checkOutputKeys(spec);

  const local: JobSpec = structuredClone(spec);
  let base: WorkspacePlan['base'] = null;
  if (spec.base) {
    const files = data.inputs.base?.key === spec.base.path ? data.inputs.base.files : null;
    base = { key: spec.base.path, files, local: LOCAL.base };
    local.base = { ...spec.base, path: LOCAL.base };
  }

  const datasets: WorkspacePlan['datasets'] = [];
  spec.datasets.forEach((dataset, i) => {
    const known = datasets.find((d) => d.key === dataset.path);
    if (known) {
      local.datasets[i] = { ...dataset, path: known.local };
      return;
    }
    const sha256 =
      data.inputs.datasets.find((d) => d.key === dataset.path)?.sha256 || dataset.sha256;
    if (!sha256) {
      throw new InvalidJobError(`spec.datasets.${i}.path`, 'no sha256 to check the file against');
    }
    const entry = {
      key: dataset.path,
      sha256,
      local: localDatasetName(datasets.length, dataset.path),
    };
    datasets.push(entry);
    local.datasets[i] = { ...dataset, path: entry.local };
  });

  let tokenizer: WorkspacePlan['tokenizer'] = null;
  if (spec.tokenizer?.path) {
    tokenizer = { key: spec.tokenizer.path, local: LOCAL.tokenizer };
    local.tokenizer = { ...spec.tokenizer, path: LOCAL.tokenizer };
  }

  local.output = { dir: LOCAL.output, checkpointDir: LOCAL.checkpoints };
  return {
    spec: local,
    base,
    datasets,
    tokenizer,
    output: { key: spec.output.dir, local: LOCAL.output },
    checkpoints: { key: checkpointKey(spec), local: LOCAL.checkpoints },
  };
}
