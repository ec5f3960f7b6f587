import { Anchor, Group, Stepper, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { request } from '../../api/api-client';
import { JOB_KIND_LABELS, type Pipeline } from './job-types';

/** A pipeline and its steps; one query per pipeline however many of its jobs are on screen. */
export function usePipeline(id: string | null) {
  return useQuery({
    queryKey: ['pipelines', id],
    queryFn: () => request<Pipeline>('GET', `/api/v1/pipelines/${id}`),
    enabled: id !== null,
    staleTime: 10_000,
  });
}

/** "step 2 of 3" for a job of a pipeline, with every step on hover. */
export function PipelineStepLabel({ pipelineId, jobId }: { pipelineId: string; jobId: string }) {
  const pipeline = usePipeline(pipelineId);
  const steps = pipeline.data?.jobs ?? [];
  const index = steps.findIndex((j) => j.id === jobId);
  if (index === -1) {
    return (
      <Text size="xs" c="dimmed">
        pipeline
      </Text>
    );
  }
  return (
    <Tooltip
      multiline
      label={steps
        .map((j, i) => `${i + 1}. ${JOB_KIND_LABELS[j.kind] ?? j.kind} (${j.method}): ${j.status}`)
        .join('\n')}
      style={{ whiteSpace: 'pre-line' }}
    >
      <Text size="xs" c="dimmed">
        pipeline step {index + 1} of {steps.length}
      </Text>
    </Tooltip>
  );
}

/** Every step of a pipeline, the given job's highlighted; each step links to its job. */
export function PipelineSteps({ pipelineId, jobId }: { pipelineId: string; jobId: string }) {
  const pipeline = usePipeline(pipelineId);
  const steps = pipeline.data?.jobs ?? [];
  if (steps.length === 0) return null;
  const current = steps.findIndex((j) => j.id === jobId);
  const done = steps.filter((j) => j.status === 'succeeded').length;
  return (
    <Stepper active={done} size="xs" iconSize={24} aria-label="Pipeline steps">
      {steps.map((j, i) => (
        <Stepper.Step
          key={j.id}
          color={j.status === 'failed' ? 'red' : undefined}
          label={
            <Group gap={4}>
              {i === current ? (
                <Text size="sm" fw={700}>
                  {JOB_KIND_LABELS[j.kind] ?? j.kind}
                </Text>
              ) : (
                <Anchor component={Link} to={`/jobs/${j.id}`} size="sm">
                  {JOB_KIND_LABELS[j.kind] ?? j.kind}
                </Anchor>
              )}
            </Group>
          }
          description={`${j.method} · ${j.status}`}
        />
      ))}
    </Stepper>
  );
}
