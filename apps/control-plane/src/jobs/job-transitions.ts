import { JobEntity, type JobStatus, JobTransitionEntity } from '@alloy/db';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Changes a job's status (and other fields) and records the change with its time and reason. */
export async function transition(
  manager: EntityManager,
  job: JobEntity,
  to: JobStatus,
  reason: string,
  patch: QueryDeepPartialEntity<JobEntity> = {},
): Promise<void> {
  const from = job.status;
  await manager.update(JobEntity, { id: job.id }, { ...patch, status: to });
  Object.assign(job, patch, { status: to });
  if (from !== to) {
    await manager.insert(JobTransitionEntity, {
      jobId: job.id,
      fromStatus: from,
      toStatus: to,
      reason,
    });
  }
}

/** Records the creation of a job as its first transition. */
export async function recordCreated(
  manager: EntityManager,
  job: JobEntity,
  reason: string,
): Promise<void> {
  await manager.insert(JobTransitionEntity, {
    jobId: job.id,
    fromStatus: null,
    toStatus: job.status,
    reason,
  });
}
