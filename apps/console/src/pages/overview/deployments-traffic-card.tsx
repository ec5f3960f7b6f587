import type { Deployment } from '@alloy/sdk/types';
import { Anchor, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { Pending, type QueryLike, Section } from './overview-section';

/** The first deployments, each with how its traffic is split over versions. */
export function DeploymentsTrafficCard({
  deployments,
}: {
  deployments: QueryLike<{ items: Deployment[] }>;
}) {
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
