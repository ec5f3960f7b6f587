import { BarChart } from '@mantine/charts';
import {
  Anchor,
  Badge,
  Card,
  Group,
  Loader,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type {
  Dataset,
  DatasetVersion,
  Deployment,
  Domain,
  Job,
  Model,
  Page,
} from '@alloy/sdk/types';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { memory, relativeTime, shortId } from '../../components/ops-format';
import { PageHeader } from '../../components/page-header';
import { ErrorState } from '../../components/page-state';
import { STALE_AFTER_MS, type Worker, WORKERS_KEY } from '../workers/workers-page';

/** How many recent jobs the status chart counts: one page, so the chart costs one request. */
const RECENT_JOBS = 100;
/** Datasets whose latest versions are checked for failed ingestion. */
const DATASETS_CHECKED = 20;

const STATUS_COLOR: Record<string, string> = {
  queued: 'gray.6',
  running: 'blue.6',
  succeeded: 'teal.6',
  failed: 'red.6',
  cancelled: 'yellow.6',
};

/** A count with a "100+" when the list had more pages than the one read. */
function countOf(page: { items: unknown[]; nextCursor?: string | null } | undefined): string {
  if (!page) return '…';
  return page.nextCursor ? `${page.items.length}+` : String(page.items.length);
}

/** The platform at a glance: what exists, what runs, what serves and what failed lately. */
export function OverviewPage() {
  const { can } = useSession();
  const jobsReadable = can('jobs', 'read');
  const datasetsReadable = can('datasets', 'read');
  const workersReadable = can('workers', 'read');

  const domains = useQuery({
    queryKey: ['domains'],
    queryFn: () => request<{ items: Domain[] }>('GET', '/api/v1/domains'),
  });
  const models = useQuery({
    queryKey: ['overview', 'models'],
    queryFn: () => request<Page<Model>>('GET', '/api/v1/models?limit=100'),
  });
  const running = useQuery({
    queryKey: ['overview', 'jobs', 'running'],
    queryFn: () => request<Page<Job>>('GET', '/api/v1/jobs?status=running&limit=100'),
    enabled: jobsReadable,
    refetchInterval: 15_000,
  });
  const recentJobs = useQuery({
    queryKey: ['overview', 'jobs', 'recent'],
    queryFn: () => request<Page<Job>>('GET', `/api/v1/jobs?limit=${RECENT_JOBS}`),
    enabled: jobsReadable,
  });
  const failedJobs = useQuery({
    queryKey: ['overview', 'jobs', 'failed'],
    queryFn: () => request<Page<Job>>('GET', '/api/v1/jobs?status=failed&limit=5'),
    enabled: jobsReadable,
  });
  const deployments = useQuery({
    queryKey: ['deployments'],
    queryFn: () => request<{ items: Deployment[] }>('GET', '/api/v1/deployments'),
  });
  const workers = useQuery({
    queryKey: WORKERS_KEY,
    queryFn: () => request<{ items: Worker[] }>('GET', '/api/v1/workers'),
    enabled: workersReadable,
    refetchInterval: 15_000,
  });

  return (
    <>
      <PageHeader
        title="Overview"
        description="What exists, what runs, what serves, what failed."
      />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" mb="sm">
        <StatCard
          title="Domains"
          to="/models"
          value={domains.data ? String(domains.data.items.length) : '…'}
          error={domains.error}
          detail={domains.data?.items.map((d) => d.displayName || d.name).join(', ')}
        />
        <StatCard
          title="Models"
          to="/models"
          value={countOf(models.data)}
          error={models.error}
          detail={
            models.data
              ? `${models.data.items.filter((m) => m.archivedAt).length} archived`
              : undefined
          }
        />
        {jobsReadable ? (
          <StatCard
            title="Running jobs"
            to="/jobs?status=running"
            value={countOf(running.data)}
            error={running.error}
            detail={running.data?.items
              .slice(0, 3)
              .map((j) => `${j.kind} ${j.model}`)
              .join(' · ')}
          />
        ) : null}
        <StatCard
          title="Deployments"
          to="/deployments"
          value={deployments.data ? String(deployments.data.items.length) : '…'}
          error={deployments.error}
          detail={
            deployments.data
              ? `${deployments.data.items.filter((d) => d.traffic.length > 1).length} splitting traffic`
              : undefined
          }
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        {jobsReadable ? <JobsByStatus jobs={recentJobs} /> : null}
        {workersReadable ? <WorkersCard workers={workers} /> : null}
        <DeploymentsCard deployments={deployments} />
        {jobsReadable || datasetsReadable ? (
          <FailuresCard jobs={jobsReadable ? failedJobs : null} datasets={datasetsReadable} />
        ) : null}
      </SimpleGrid>
    </>
  );
}

function StatCard({
  title,
  value,
  to,
  detail,
  error,
}: {
  title: string;
  value: string;
  to: string;
  detail?: string;
  error: unknown;
}) {
  return (
    <Card withBorder padding="sm">
      <Anchor component={Link} to={to} size="xs" c="dimmed" tt="uppercase" fw={600}>
        {title}
      </Anchor>
      {error ? (
        <Text size="sm" c="red" mt={4}>
          {error instanceof Error ? error.message : 'could not be read'}
        </Text>
      ) : (
        <>
          <Text fz={28} fw={600} lh={1.2} aria-label={`${title}: ${value}`}>
            {value}
          </Text>
          {detail ? (
            <Text size="xs" c="dimmed" lineClamp={1}>
              {detail}
            </Text>
          ) : null}
        </>
      )}
    </Card>
  );
}

function Section({
  title,
  to,
  link,
  children,
}: {
  title: string;
  to: string;
  link: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Title order={5}>{title}</Title>
        <Anchor component={Link} to={to} size="xs">
          {link}
        </Anchor>
      </Group>
      {children}
    </Card>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
}

function Pending({ query }: { query: QueryLike<unknown> }) {
  if (query.error) return <ErrorState error={query.error} />;
  return (
    <Group justify="center" py="md" role="status" aria-label="loading">
      <Loader size="sm" />
    </Group>
  );
}

function JobsByStatus({ jobs }: { jobs: QueryLike<Page<Job>> }) {
  const counts = new Map<string, number>();
  for (const j of jobs.data?.items ?? []) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
  const data = Object.keys(STATUS_COLOR).map((status) => ({
    status,
    jobs: counts.get(status) ?? 0,
  }));
  const total = jobs.data?.items.length ?? 0;
  return (
    <Section
      title={`Jobs by status${jobs.data?.nextCursor ? ` (last ${total})` : ''}`}
      to="/jobs"
      link="All jobs"
    >
      {!jobs.data ? (
        <Pending query={jobs} />
      ) : total === 0 ? (
        <Text size="sm" c="dimmed">
          No job yet.
        </Text>
      ) : (
        <BarChart
          h={180}
          data={data.map((d) => ({ status: d.status, [d.status]: d.jobs }))}
          dataKey="status"
          // One series per status, stacked, so each bar has its status's colour.
          type="stacked"
          series={data.map((d) => ({ name: d.status, color: STATUS_COLOR[d.status] }))}
          withTooltip={false}
          withBarValueLabel={false}
          tickLine="none"
          gridAxis="y"
          barProps={{ isAnimationActive: false }}
          aria-label={`jobs by status: ${data.map((d) => `${d.status} ${d.jobs}`).join(', ')}`}
        />
      )}
      {total > 0 ? (
        <Text size="xs" c="dimmed" mt={4}>
          {data.map((d) => `${d.status} ${d.jobs}`).join(' · ')}
        </Text>
      ) : null}
    </Section>
  );
}

function WorkersCard({ workers }: { workers: QueryLike<{ items: Worker[] }> }) {
  const items = workers.data?.items ?? [];
  const gpus = items.flatMap((w) => (w.state === 'online' ? w.gpus : []));
  const busy = gpus.length
    ? gpus.reduce((sum, g) => sum + g.utilizationPercent, 0) / gpus.length
    : 0;
  const used = gpus.reduce((sum, g) => sum + g.memoryUsedMb, 0);
  const total = gpus.reduce((sum, g) => sum + g.memoryTotalMb, 0);
  const stale = items.filter((w) => Date.now() - Date.parse(w.lastHeartbeatAt) > STALE_AFTER_MS);
  return (
    <Section title="Workers" to="/workers" link="All workers">
      {!workers.data ? (
        <Pending query={workers} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No worker has registered.
        </Text>
      ) : (
        <Stack gap={6}>
          <Group gap="xs">
            <Badge variant="light" color="teal">
              {items.filter((w) => w.state === 'online').length} online
            </Badge>
            {stale.length ? (
              <Badge variant="light" color="red">
                {stale.length} stale
              </Badge>
            ) : null}
            <Badge variant="light" color="yellow">
              {items.filter((w) => w.cordoned || w.draining).length} cordoned or draining
            </Badge>
            <Text size="xs" c="dimmed">
              {items.reduce((n, w) => n + w.runningJobIds.length, 0)} job(s) running
            </Text>
          </Group>
          {gpus.length ? (
            <>
              <Text size="xs">
                {gpus.length} GPU(s) online · {Math.round(busy)}% busy on average
              </Text>
              <Progress value={busy} aria-label="average GPU utilisation" />
              <Text size="xs">
                memory {memory(used)} of {memory(total)}
              </Text>
              <Progress
                value={total ? (100 * used) / total : 0}
                color="cyan"
                aria-label="GPU memory in use"
              />
            </>
          ) : (
            <Text size="xs" c="dimmed">
              No GPU online: CPU-only workers.
            </Text>
          )}
        </Stack>
      )}
    </Section>
  );
}

function DeploymentsCard({ deployments }: { deployments: QueryLike<{ items: Deployment[] }> }) {
  const items = deployments.data?.items ?? [];
  return (
    <Section title="Deployments and their traffic" to="/deployments" link="All deployments">
      {!deployments.data ? (
        <Pending query={deployments} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing is deployed.
        </Text>
      ) : (
        <Stack gap={8}>
          {items.slice(0, 6).map((d) => (
            <div key={d.id}>
              <Group justify="space-between" gap="xs">
                <Anchor component={Link} to={`/deployments/${d.name}`} size="sm">
                  {d.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {d.model} · revision {d.currentRevision}
                </Text>
              </Group>
              <Progress.Root size="md" aria-label={`traffic of ${d.name}`}>
                {d.traffic.map((t, i) => (
                  <Tooltip key={t.versionId} label={`v${t.version}: ${t.weight}%`}>
                    <Progress.Section
                      value={t.weight}
                      color={['indigo', 'cyan', 'grape', 'teal'][i % 4]}
                    >
                      <Progress.Label>
                        v{t.version} {t.weight}%
                      </Progress.Label>
                    </Progress.Section>
                  </Tooltip>
                ))}
              </Progress.Root>
            </div>
          ))}
          {items.length > 6 ? (
            <Text size="xs" c="dimmed">
              and {items.length - 6} more
            </Text>
          ) : null}
        </Stack>
      )}
    </Section>
  );
}

/**
 * Failed jobs and failed dataset ingestions. The API has no list of dataset versions across
 * datasets, so the newest datasets' latest versions are read one dataset at a time.
 */
function FailuresCard({
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
