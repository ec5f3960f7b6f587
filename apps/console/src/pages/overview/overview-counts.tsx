import type { Deployment, Domain, Job, Model, Page } from '@alloy/sdk/types';
import { Anchor, Card, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { QueryLike } from './overview-section';

/** A count with a "100+" when the list had more pages than the one read. */
function countOf(page: { items: unknown[]; nextCursor?: string | null } | undefined): string {
  if (!page) return '…';
  return page.nextCursor ? `${page.items.length}+` : String(page.items.length);
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

/** The row of counts: domains, models, running jobs (when the role may read jobs), deployments. */
export function OverviewCounts({
  domains,
  models,
  running,
  deployments,
}: {
  domains: QueryLike<{ items: Domain[] }>;
  models: QueryLike<Page<Model>>;
  /** null when the role may not read jobs. */
  running: QueryLike<Page<Job>> | null;
  deployments: QueryLike<{ items: Deployment[] }>;
}) {
  return (
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
      {running ? (
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
  );
}
