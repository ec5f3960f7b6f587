import { cp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactFetcher } from '../artifacts/artifact-fetcher';
import { JobPathError, requireUnderJobPrefix } from './job-prefix';

const STEP_NAME = /^step-\d+$/;

/**
 * Copies one checkpoint of a running trainer to the store, so any worker can resume the job.
 * Only the announced step (the trainer never changes a step directory once it is renamed into
 * place), its own LATEST and the trained tokenizer go up, replacing the stored checkpoint at once.
 * It writes only under the job's own prefix, and only a step directory of the job's checkpoint
 * directory: the path comes from the trainer's stdout, which runs code from model files.
 */
export class CheckpointUploader {
  constructor(private readonly fetcher: ArtifactFetcher) {}

  /** False when the step is gone already (the trainer pruned it after a newer one). */
  async upload(
    jobId: string,
    key: string,
    checkpointDir: string,
    stepPath: string,
  ): Promise<boolean> {
    requireUnderJobPrefix(jobId, key);
    const stepDir = path.resolve(checkpointDir, stepPath);
    const name = path.basename(stepDir);
    if (path.dirname(stepDir) !== path.resolve(checkpointDir) || !STEP_NAME.test(name)) {
      throw new JobPathError(
        `checkpoint "${stepPath}" is not a step-N directory of the job's checkpoint directory`,
      );
    }
    const staging = `${checkpointDir}.upload`;
    await rm(staging, { recursive: true, force: true });
    try {
      await mkdir(staging, { recursive: true });
      await cp(stepDir, path.join(staging, name), { recursive: true });
      const tokenizer = path.join(checkpointDir, 'tokenizer');
      if (await isDirectory(tokenizer)) {
        await cp(tokenizer, path.join(staging, 'tokenizer'), { recursive: true });
      }
      await writeFile(path.join(staging, 'LATEST'), `${name}\n`);
      await this.fetcher.uploadDirectory(key, staging);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
