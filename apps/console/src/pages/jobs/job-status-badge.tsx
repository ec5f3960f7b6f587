import { Badge, Progress, Text, Tooltip } from '@mantine/core';
import type { JobDetail } from './job-types';

const COLORS: Record<string, string> = {
  queued: 'gray',
  scheduled: 'cyan',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  cancelled: 'yellow',
};

/** A job's status; a queued job no worker can hold says why on hover. */
export function JobStatusBadge({
  job,
}: {
  job: Pick<JobDetail, 'status' | 'unschedulableReason'>;
}) {
  const badge = (
    <Badge size="sm" variant="light" color={COLORS[job.status] ?? 'gray'}>
      {job.status}
      {job.unschedulableReason ? ' · unschedulable' : ''}
    </Badge>
  );
  return job.unschedulableReason ? (
    <Tooltip label={job.unschedulableReason}>{badge}</Tooltip>
  ) : (
    badge
  );
}

/** The optimizer steps a job is to run, when its hyperparameters say. */
export function plannedSteps(job: Pick<JobDetail, 'hyperparameters'>): number | null {
  const steps = job.hyperparameters.maxSteps;
  return typeof steps === 'number' && steps > 0 ? steps : null;
}

/** Steps done of steps planned, as a bar; the last step seen comes from checkpoints or metrics. */
export function JobProgress({ job, step }: { job: JobDetail; step: number | null }) {
  const total = plannedSteps(job);
  if (job.status === 'succeeded')
    return <Progress value={100} color="green" size="sm" aria-label="Job progress" />;
  if (total === null || step === null) {
    return job.status === 'running' ? (
      <Progress value={100} animated striped size="sm" aria-label="Job progress" />
    ) : (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  }
  const percent = Math.min(100, (step / total) * 100);
  return (
    <Tooltip label={`step ${step.toLocaleString('en')} of ${total.toLocaleString('en')}`}>
      <Progress
        value={percent}
        size="sm"
        animated={job.status === 'running'}
        color={job.status === 'failed' ? 'red' : 'blue'}
        aria-label="Job progress"
      />
    </Tooltip>
  );
}
