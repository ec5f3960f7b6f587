import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { validateJobSpec, type TrainingJobData } from '@alloy/contracts';
import type { Logger } from 'pino';
import type { ArtifactFetcher } from '../artifacts/artifact-fetcher';
import type { TrainerLauncher } from '../trainer/trainer.launcher';
import { InvalidJobError, planWorkspace, type WorkspacePlan } from './workspace-plan';

/** Job ids name directories and appear in keys: keep them to safe characters. */
const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface PreparedWorkspace {
  dir: string;
  plan: WorkspacePlan;
  specFile: string;
  /** Step of the checkpoint restored from the store (the run resumes there), if any. */
  restoredStep: number | null;
}

/** The step of the newest complete checkpoint in a local checkpoint directory. */
export async function latestCheckpointStep(checkpointDir: string): Promise<number | null> {
  try {
    const name = (await readFile(path.join(checkpointDir, 'LATEST'), 'utf8')).trim();
    const step = Number(/^step-(\d+)$/.exec(name)?.[1]);
    return Number.isInteger(step) ? step : null;
  } catch {
    return null;
  }
}

/** Builds `WORK_DIR/<jobId>/` from the artifact store: inputs checked, checkpoint restored. */
export class JobWorkspaceService {
  constructor(
    private readonly workRoot: string,
    private readonly fetcher: ArtifactFetcher,
    private readonly launcher: TrainerLauncher,
    private readonly logger: Logger,
  ) {}

  dirOf(jobId: string): string {
    if (!JOB_ID_PATTERN.test(jobId)) {
      throw new InvalidJobError('jobId', 'use letters, digits, dots, dashes and underscores');
    }
    return path.join(this.workRoot, jobId);
  }

  async prepare(data: TrainingJobData): Promise<PreparedWorkspace> {
    const checked = validateJobSpec(data.spec);
    if (!checked.ok) {
      const first = checked.errors[0];
      throw new InvalidJobError(`spec.${first.field}`, first.message);
    }
    const plan = planWorkspace(data);
    const dir = this.dirOf(data.jobId);
    const log = this.logger.child({ jobId: data.jobId });

    // Every attempt starts clean: the store, not this disk, holds what a retry resumes from.
    await this.launcher.killStale(dir);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });

    if (plan.base) {
      const target = path.join(dir, plan.base.local);
      if (plan.base.files?.length) {
        await this.fetcher.fetchFiles(plan.base.key, plan.base.files, target);
      } else {
        log.warn({ key: plan.base.key }, 'no file list for the base model; copied unchecked');
        await this.fetcher.fetchDirectory(plan.base.key, target);
      }
    }
    for (const dataset of plan.datasets) {
      await this.fetcher.fetchFile(dataset.key, dataset.sha256, path.join(dir, dataset.local));
    }
    if (plan.tokenizer) {
      await this.fetcher.fetchDirectory(plan.tokenizer.key, path.join(dir, plan.tokenizer.local));
    }

    const checkpointDir = path.join(dir, plan.checkpoints.local);
    let restoredStep: number | null = null;
    if (await this.fetcher.exists(plan.checkpoints.key)) {
      await this.fetcher.fetchDirectory(plan.checkpoints.key, checkpointDir);
      restoredStep = await latestCheckpointStep(checkpointDir);
      log.info({ key: plan.checkpoints.key, step: restoredStep }, 'checkpoint restored');
    }

    const local = validateJobSpec(plan.spec);
    if (!local.ok) {
      const first = local.errors[0];
      throw new InvalidJobError(`spec.${first.field}`, first.message);
    }
    const specFile = path.join(dir, 'spec.json');
    await writeFile(specFile, `${JSON.stringify(plan.spec, null, 2)}\n`);
    return { dir, plan, specFile, restoredStep };
  }
}
