import type { Dataset, DatasetVersion, Job, Page } from '@alloy/sdk/types';
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { request } from '../../api/api-client';
import { relativeTime, shortId } from '../../components/ops-format';
import { ErrorState } from '../../components/page-state';
import { Pending, type QueryLike, Section } from './overview-section';

/** Datasets whose latest versions are checked for failed ingestion. */
const DATASETS_CHECKED = 20;

/**
 * Failed jobs and failed dataset ingestions. The API has no list of dataset versions across
 * datasets, so the newest datasets' latest versions are read one dataset at a time.
 */
export function RecentFailuresCard({
  jobs,
  datasets: datasetsReadable,
}: {
  jobs: QueryLike<Page<Job>> | null;
  datasets: boolean;
}) {
  const datasets = useQuery({
    queryKey: ['overview', 'datasets'],
    queryFn: () => request<Page<Dataset>>('GET', `/api/v1/datasets?limit=${DATASETS_CHECKED}`),
    enabled: datasetsReadable,
  });
  const versions = useQueries({
    queries: (datasets.data?.items ?? [])
      .filter((d) => d.latestVersion !== null)
      .map((d) => ({
        queryKey: ['overview', 'datasets', d.name, 'versions'],
        queryFn: () =>
          request<Page<DatasetVersion>>(
            'GET',
            `/api/v1/datasets/${encodeURIComponent(d.name)}/versions?limit=3`,
          ),
      })),
  });
  const failedVersions = versions
    .flatMap((q) => q.data?.items ?? [])
    .filter((v) => v.status === 'failed');
  const failedJobs = jobs?.data?.items ?? [];
  const loading = (jobs?.isPending ?? false) || (datasetsReadable && datasets.isPending);
  const error = jobs?.error ?? datasets.error;
  return (
    <Section title="Recent failures" to="/jobs?status=failed" link="Failed jobs">
      {error ? (
        <ErrorState error={error} />
      ) : loading ? (
        <Pending query={{ data: undefined, error: null, isPending: true }} />
      ) : failedJobs.length === 0 && failedVersions.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing failed recently.
        </Text>
      ) : (
        <Stack gap={6}>
          {failedJobs.map((j) => (
            <div key={j.id}>
              <Group gap="xs" wrap="nowrap">
                <Badge size="xs" color="red" variant="light">
                  job
                </Badge>
                <Anchor component={Link} to={`/jobs/${j.id}`} size="sm" ff="monospace">
                  {shortId(j.id)}
                </Anchor>
                <Text size="xs">
                  {j.kind} · {j.model}
                </Text>
                <Text size="xs" c="dimmed">
                  {relativeTime(j.finishedAt ?? j.createdAt)}
                </Text>
              </Group>
              {j.failureReason ? (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {j.failureReason}
                </Text>
              ) : null}
            </div>
          ))}
          {failedVersions.map((v) => (
            <div key={v.id}>
              <Group gap="xs" wrap="nowrap">
                <Badge size="xs" color="orange" variant="light">
                  dataset
                </Badge>
                <Anchor component={Link} to={`/datasets/${v.dataset}`} size="sm">
                  {v.dataset} v{v.version}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {relativeTime(v.createdAt)}
                </Text>
              </Group>
              {v.error ? (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {v.error}
                </Text>
              ) : null}
            </div>
          ))}
        </Stack>
      )}
    </Section>
  );
}
