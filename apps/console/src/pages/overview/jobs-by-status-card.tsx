import type { Job, Page } from '@alloy/sdk/types';
import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { Pending, type QueryLike, Section } from './overview-section';

const STATUS_COLOR: Record<string, string> = {
  queued: 'gray.6',
  running: 'blue.6',
  succeeded: 'teal.6',
  failed: 'red.6',
  cancelled: 'yellow.6',
};

/** How many of the recent jobs are in each status, as a bar per status. */
export function JobsByStatusCard({ jobs }: { jobs: QueryLike<Page<Job>> }) {
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
