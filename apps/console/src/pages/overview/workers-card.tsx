import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { memory } from '../../components/ops-format';
import { STALE_AFTER_MS, type Worker } from '../workers/workers-page';
import { Pending, type QueryLike, Section } from './overview-section';

/** The workers: how many are online, stale or cordoned, and how busy their GPUs are. */
export function WorkersCard({ workers }: { workers: QueryLike<{ items: Worker[] }> }) {
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
