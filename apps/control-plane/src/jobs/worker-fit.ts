import { JOB_SPEC_VERSION } from '@alloy/contracts';
import type { JobEntity, WorkerEntity } from '@alloy/db';

/** Why a worker could never hold a job (whatever its load), or null when it could. */
export function whyCannotHold(
  worker: WorkerEntity,
  job: Pick<JobEntity, 'resources'>,
): string | null {
  const gpus = job.resources.gpus ?? 0;
  const memoryMb = (job.resources.gpuMemoryGb ?? 0) * 1024;
  if (!worker.specVersions.includes(JOB_SPEC_VERSION))
    return `worker ${worker.id} does not accept job spec v${JOB_SPEC_VERSION}`;
  if ((job.resources.nodes ?? 1) > 1)
    return 'multi-node jobs are not supported: every worker is one node';
  if (gpus > worker.gpus.length)
    return `needs ${gpus} GPU(s); worker ${worker.id} has ${worker.gpus.length}`;
  if (memoryMb > 0 && worker.gpus.filter((g) => g.memoryTotalMb >= memoryMb).length < gpus) {
    return `needs ${gpus} GPU(s) with ${job.resources.gpuMemoryGb} GB each; worker ${worker.id} has too few that large`;
  }
  return null;
}

/** One sentence for a job no registered worker can hold. */
export function unschedulableReason(
  workers: WorkerEntity[],
  job: Pick<JobEntity, 'resources'>,
): string | null {
  if (workers.length === 0) return 'no worker is registered';
  const reasons = workers.map((w) => whyCannotHold(w, job));
  if (reasons.some((r) => r === null)) return null;
  const gpus = job.resources.gpus ?? 0;
  const largest = Math.max(...workers.map((w) => w.gpus.length));
  if ((job.resources.nodes ?? 1) > 1) return reasons[0]!;
  return `no registered worker can hold it: it needs ${gpus} GPU(s)${job.resources.gpuMemoryGb ? ` of ${job.resources.gpuMemoryGb} GB` : ''}; the largest worker has ${largest}`;
}
