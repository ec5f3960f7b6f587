import { Anchor, Button, Group, Select, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../auth/session-provider';
import { useCursorPages } from '../../components/cursor-pages';
import { PageHeader } from '../../components/page-header';
import { PageState } from '../../components/page-state';
import { JobProgress, JobStatusBadge } from './job-status-badge';
import { JOB_KIND_LABELS, JOB_STATUSES, type JobDetail } from './job-types';
import { PipelineStepLabel } from './pipeline-steps';

/** "3m 12s" between two times (or until now). */
export function duration(from: string | null, to: string | null): string {
  if (!from) return '—';
  const ms = (to ? Date.parse(to) : Date.now()) - Date.parse(from);
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** Training, evaluation and export jobs, newest first, filtered by status and kind. */
export function JobsPage() {
  const { can } = useSession();
  const [status, setStatus] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (kind) params.set('kind', kind);
  const query = params.toString();
  const jobs = useCursorPages<JobDetail>(['jobs'], `/api/v1/jobs${query ? `?${query}` : ''}`);

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Continued pretraining, instruction tuning, evaluation and export runs."
        actions={
          can('jobs', 'write') ? (
            <Button component={Link} to="/jobs/new" leftSection={<IconPlus size={16} />}>
              New job
            </Button>
          ) : null
        }
      />
      <Group mb="sm" gap="sm">
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          w={180}
          data={[...JOB_STATUSES]}
          value={status}
          onChange={setStatus}
        />
        <Select
          label="Kind"
          placeholder="Any kind"
          clearable
          w={240}
          data={Object.entries(JOB_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          value={kind}
          onChange={setKind}
        />
        <Button variant="subtle" mt={24} onClick={jobs.refetch}>
          Refresh
        </Button>
      </Group>
      <PageState
        loading={jobs.loading}
        error={jobs.error}
        empty={jobs.items.length === 0}
        emptyText={status || kind ? 'No jobs match these filters.' : 'No jobs yet.'}
      >
        <Table striped highlightOnHover verticalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th>Model</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th w={160}>Progress</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Ran for</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.items.map((j) => (
              <Table.Tr key={j.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/jobs/${j.id}`} ff="monospace" size="sm">
                    {j.id.slice(0, 8)}
                  </Anchor>
                  {j.pipelineId ? (
                    <PipelineStepLabel pipelineId={j.pipelineId} jobId={j.id} />
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/models/${encodeURIComponent(j.model)}`} size="sm">
                    {j.model}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {JOB_KIND_LABELS[j.kind] ?? j.kind}
                  <Text size="xs" c="dimmed">
                    {j.method}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <JobStatusBadge job={j} />
                </Table.Td>
                <Table.Td>
                  <JobProgress job={j} step={j.lastCheckpointStep} />
                </Table.Td>
                <Table.Td>{new Date(j.createdAt).toLocaleString()}</Table.Td>
                <Table.Td>{duration(j.startedAt, j.finishedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {jobs.hasMore ? (
          <Group justify="center" mt="sm">
            <Button variant="default" loading={jobs.loadingMore} onClick={jobs.loadMore}>
              Load more
            </Button>
          </Group>
        ) : null}
      </PageState>
    </>
  );
}
