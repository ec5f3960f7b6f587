import type { ModelVersion } from '@alloy/sdk/types';
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Card,
  Code,
  Group,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
} from '@mantine/core';
import { IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { ConfirmAction } from '../../components/confirm-action';
import { PageHeader } from '../../components/page-header';
import { ErrorState, PageState } from '../../components/page-state';
import { JobCurvesChart } from './job-curves-chart';
import { type LogLine, useJobLiveEvents } from './job-live-events';
import { JobProgress, JobStatusBadge, plannedSteps } from './job-status-badge';
import { canCancel, canRetry, FINISHED, JOB_KIND_LABELS, type JobDetail } from './job-types';
import { duration } from './jobs-page';
import { PipelineSteps } from './pipeline-steps';

const LEVEL_COLORS: Record<string, string> = { error: 'red', warn: 'yellow', warning: 'yellow' };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** The trainer's log, following the newest line unless the reader has scrolled up. */
function LogPanel({ lines }: { lines: LogLine[] }) {
  const viewport = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  useEffect(() => {
    const v = viewport.current;
    if (v && following.current) v.scrollTop = v.scrollHeight;
  }, [lines]);
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="md" ta="center">
        No log lines yet.
      </Text>
    );
  }
  return (
    <ScrollArea
      h={320}
      viewportRef={viewport}
      type="auto"
      onScrollPositionChange={({ y }) => {
        const v = viewport.current;
        if (v) following.current = y + v.clientHeight >= v.scrollHeight - 8;
      }}
    >
      <Code block fz="xs" aria-label="Logs" role="log">
        {lines.map((l) => (
          <div key={l.position}>
            <Text span c="dimmed" fz="xs">
              {new Date(l.time).toLocaleTimeString()}{' '}
            </Text>
            <Text span c={LEVEL_COLORS[l.level] ?? undefined} fz="xs">
              {l.message}
            </Text>
          </div>
        ))}
      </Code>
    </ScrollArea>
  );
}

/** A job: status, progress, timings, result, live curves, logs, checkpoints; cancel and retry. */
export function JobPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: ['jobs', id],
    queryFn: () => request<JobDetail>('GET', `/api/v1/jobs/${id}`),
    // The stream says when the job ends; polling keeps timings and status fresh meanwhile.
    refetchInterval: (q) => (q.state.data && FINISHED.includes(q.state.data.status) ? false : 5000),
  });
  const live = useJobLiveEvents(id);
  const result = useQuery({
    queryKey: ['model-versions', job.data?.resultVersionId],
    queryFn: () =>
      request<ModelVersion>('GET', `/api/v1/model-versions/${job.data?.resultVersionId}`),
    enabled: !!job.data?.resultVersionId,
  });
  const j = job.data;
  const lastStep =
    live.points.length > 0
      ? live.points[live.points.length - 1].step
      : (j?.lastCheckpointStep ?? null);
  const total = j ? plannedSteps(j) : null;
  const act = async (action: 'cancel' | 'retry') => {
    await request<JobDetail>('POST', `/api/v1/jobs/${id}/${action}`);
    await queryClient.invalidateQueries({ queryKey: ['jobs'] });
    // A retried job runs again: follow its new events.
    if (action === 'retry') live.restart();
  };
  const writable = can('jobs', 'write');

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor component={Link} to="/jobs">
          Jobs
        </Anchor>
        <Text size="sm" ff="monospace">
          {id.slice(0, 8)}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={j ? `${JOB_KIND_LABELS[j.kind] ?? j.kind} of ${j.model}` : 'Job'}
        description={j ? `${j.method} · ${j.precision} · job ${j.id}` : undefined}
        actions={
          j && writable ? (
            <>
              {canCancel(j.status) ? (
                <ConfirmAction
                  label="Cancel"
                  leftSection={<IconPlayerStop size={16} />}
                  variant="light"
                  color="red"
                  title="Cancel this job?"
                  message="The trainer saves a checkpoint and stops. A cancelled job can be retried and resumes from that checkpoint."
                  confirmLabel="Cancel job"
                  disabled={!!j.cancelRequestedAt}
                  onConfirm={() => act('cancel')}
                />
              ) : null}
              {canRetry(j.status) ? (
                <ConfirmAction
                  label="Retry"
                  leftSection={<IconRefresh size={16} />}
                  variant="light"
                  color="blue"
                  title="Run this job again?"
                  message="The job is queued again and resumes from its last checkpoint, using GPU time on a worker."
                  confirmLabel="Retry job"
                  onConfirm={() => act('retry')}
                />
              ) : null}
            </>
          ) : null
        }
      />
      <PageState loading={job.isPending} error={job.error}>
        {j ? (
          <Stack gap="sm">
            {j.pipelineId ? (
              <Card withBorder padding="sm">
                <PipelineSteps pipelineId={j.pipelineId} jobId={j.id} />
              </Card>
            ) : null}
            {j.unschedulableReason ? (
              <Alert color="yellow" variant="light" title="No worker can run this job">
                {j.unschedulableReason}
              </Alert>
            ) : null}
            {j.failureReason ? (
              <Alert color="red" variant="light" title="Failed">
                {j.failureReason}
              </Alert>
            ) : null}
            {j.cancelRequestedAt && !FINISHED.includes(j.status) ? (
              <Alert color="yellow" variant="light">
                Cancellation requested {new Date(j.cancelRequestedAt).toLocaleTimeString()}: the
                trainer is saving a checkpoint.
              </Alert>
            ) : null}
            <Card withBorder padding="sm">
              <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="sm">
                <Field label="Status">
                  <Group gap={6}>
                    <JobStatusBadge job={j} />
                    {live.live ? (
                      <Badge size="xs" variant="dot" color="green">
                        live
                      </Badge>
                    ) : null}
                  </Group>
                </Field>
                <Field label="Progress">
                  <Stack gap={2}>
                    <JobProgress job={j} step={lastStep} />
                    <Text size="xs" c="dimmed">
                      {lastStep !== null ? `step ${lastStep.toLocaleString('en')}` : 'no steps yet'}
                      {total !== null ? ` of ${total.toLocaleString('en')}` : ''}
                    </Text>
                  </Stack>
                </Field>
                <Field label="Model">
                  <Anchor component={Link} to={`/models/${encodeURIComponent(j.model)}`}>
                    {j.model}
                  </Anchor>
                </Field>
                <Field label="Result">
                  {j.resultVersionId ? (
                    <Anchor component={Link} to={`/models/${encodeURIComponent(j.model)}`}>
                      {result.data ? `version ${result.data.version}` : 'new version'}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Field>
                <Field label="Attempts">
                  {j.attempts} of {j.maxAttempts}
                </Field>
                <Field label="Worker">{j.workerId ?? '—'}</Field>
                <Field label="Created">{new Date(j.createdAt).toLocaleString()}</Field>
                <Field label={j.finishedAt ? 'Ran for' : 'Running for'}>
                  {duration(j.startedAt, j.finishedAt)}
                </Field>
              </SimpleGrid>
            </Card>

            {live.error ? <ErrorState error={live.error} /> : null}
            <PageState loading={live.metricsLoading} error={null}>
              <JobCurvesChart points={live.points} />
            </PageState>

            <Card withBorder padding="sm">
              <Tabs defaultValue="logs">
                <Tabs.List>
                  <Tabs.Tab value="logs">Logs ({live.logs.length})</Tabs.Tab>
                  <Tabs.Tab value="checkpoints">Checkpoints ({live.checkpoints.length})</Tabs.Tab>
                  <Tabs.Tab value="history">History</Tabs.Tab>
                  <Tabs.Tab value="spec">Spec</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="logs" pt="xs">
                  <LogPanel lines={live.logs} />
                </Tabs.Panel>
                <Tabs.Panel value="checkpoints" pt="xs">
                  {live.checkpoints.length === 0 ? (
                    <Text size="sm" c="dimmed" py="md" ta="center">
                      No checkpoints yet.
                    </Text>
                  ) : (
                    <Table fz="sm" verticalSpacing={4}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Step</Table.Th>
                          <Table.Th>Attempt</Table.Th>
                          <Table.Th>Saved</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {live.checkpoints.map((c) => (
                          <Table.Tr key={c.position}>
                            <Table.Td>{c.step.toLocaleString('en')}</Table.Td>
                            <Table.Td>{c.attempt}</Table.Td>
                            <Table.Td>{new Date(c.time).toLocaleString()}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                </Tabs.Panel>
                <Tabs.Panel value="history" pt="xs">
                  <Table fz="sm" verticalSpacing={4}>
                    <Table.Tbody>
                      {j.transitions.map((t) => (
                        <Table.Tr key={`${t.at}-${t.to}`}>
                          <Table.Td w={200}>{new Date(t.at).toLocaleString()}</Table.Td>
                          <Table.Td w={120}>{t.to}</Table.Td>
                          <Table.Td>{t.reason}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Tabs.Panel>
                <Tabs.Panel value="spec" pt="xs">
                  <Code block fz="xs">
                    {JSON.stringify(
                      {
                        hyperparameters: j.hyperparameters,
                        datasets: j.datasets,
                        baseVersionId: j.baseVersionId,
                        precision: j.precision,
                      },
                      null,
                      2,
                    )}
                  </Code>
                </Tabs.Panel>
              </Tabs>
            </Card>
          </Stack>
        ) : null}
      </PageState>
    </>
  );
}
