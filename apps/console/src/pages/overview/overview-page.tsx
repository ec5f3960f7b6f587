import type { Deployment, Domain, Job, Model, Page } from '@alloy/sdk/types';
import { SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { PageHeader } from '../../components/page-header';
import { type Worker, WORKERS_KEY } from '../workers/workers-page';
import { DeploymentsTrafficCard } from './deployments-traffic-card';
import { JobsByStatusCard } from './jobs-by-status-card';
import { OverviewCounts } from './overview-counts';
import { RecentFailuresCard } from './recent-failures-card';
import { WorkersCard } from './workers-card';

/** How many recent jobs the status chart counts: one page, so the chart costs one request. */
const RECENT_JOBS = 100;

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
      <OverviewCounts
        domains={domains}
        models={models}
        running={jobsReadable ? running : null}
        deployments={deployments}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        {jobsReadable ? <JobsByStatusCard jobs={recentJobs} /> : null}
        {workersReadable ? <WorkersCard workers={workers} /> : null}
        <DeploymentsTrafficCard deployments={deployments} />
        {jobsReadable || datasetsReadable ? (
          <RecentFailuresCard jobs={jobsReadable ? failedJobs : null} datasets={datasetsReadable} />
        ) : null}
      </SimpleGrid>
    </>
  );
}
