import {
  Anchor,
  Badge,
  Group,
  Progress,
  Stack,
  Table,
  Text,
  Tooltip,
  useMantineTheme,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { ConfirmAction } from '../../components/confirm-action';
import { dateTime, memory, relativeTime, shortId } from '../../components/ops-format';
import { PageHeader } from '../../components/page-header';
import { PageState } from '../../components/page-state';

/** A GPU as the worker's heartbeat reports it (nvidia-smi). */
export interface WorkerGpu {
  index: number;
  name: string;
  memoryTotalMb: number;
  memoryUsedMb: number;
  utilizationPercent: number;
}

/** GET /api/v1/workers items (the control plane's WorkerDto). */
export interface Worker {
  id: string;
  host: string;
  gpus: WorkerGpu[];
  labels: Record<string, string>;
  maxConcurrentJobs: number;
  state: 'online' | 'offline';
  cordoned: boolean;
  draining: boolean;
  runningJobIds: string[];
  lastHeartbeatAt: string;
  registeredAt: string;
  version: string;
}

/**
 * Workers beat every 5 s by default; six missed beats is when an operator should look, well
 * before the control plane gives the worker's jobs to another one.
 */
export const STALE_AFTER_MS = 30_000;

export const WORKERS_KEY = ['workers'] as const;

/** The scheduling state an operator sets: draining implies cordoned, so it wins. */
export function schedulingState(w: Worker): 'active' | 'cordoned' | 'draining' {
  if (w.draining) return 'draining';
  if (w.cordoned) return 'cordoned';
  return 'active';
}

const STATE_COLOR = { active: 'teal', cordoned: 'yellow', draining: 'orange' } as const;

export function WorkersPage() {
  const { can } = useSession();
  const workers = useQuery({
    queryKey: WORKERS_KEY,
    queryFn: () => request<{ items: Worker[] }>('GET', '/api/v1/workers'),
    // Heartbeats are what this page is about: keep them fresh without a reload.
    refetchInterval: 10_000,
  });
  const items = workers.data?.items ?? [];
  const writable = can('workers', 'write');
  return (
    <>
      <PageHeader
        title="Workers"
        description="GPU hosts, their last heartbeat and the jobs they run. Cordon stops new jobs; drain lets the running ones end, then the worker exits."
      />
      <PageState
        loading={workers.isPending}
        error={workers.error}
        empty={items.length === 0}
        emptyText="No worker has registered. Start one with a join token (POST /api/v1/worker-tokens)."
      >
        <Table.ScrollContainer minWidth={900}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Worker</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>GPUs</Table.Th>
                <Table.Th>Last heartbeat</Table.Th>
                <Table.Th>Running jobs</Table.Th>
                {writable ? <Table.Th aria-label="actions" /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((w) => (
                <WorkerRow key={w.id} worker={w} writable={writable} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </PageState>
    </>
  );
}

function WorkerRow({ worker: w, writable }: { worker: Worker; writable: boolean }) {
  const state = schedulingState(w);
  const stale = Date.now() - Date.parse(w.lastHeartbeatAt) > STALE_AFTER_MS;
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {w.host}
        </Text>
        <Text size="xs" c="dimmed">
          {w.id} · v{w.version}
          {Object.entries(w.labels).map(([k, v]) => ` · ${k}=${v}`)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge size="sm" variant="light" color={w.state === 'online' ? 'teal' : 'gray'}>
            {w.state}
          </Badge>
          <Badge size="sm" variant="outline" color={STATE_COLOR[state]}>
            {state}
          </Badge>
        </Group>
      </Table.Td>
      <Table.Td>
        <GpuList gpus={w.gpus} />
      </Table.Td>
      <Table.Td>
        <Tooltip label={dateTime(w.lastHeartbeatAt)}>
          <Text
            size="sm"
            c={stale ? 'red' : undefined}
            fw={stale ? 600 : undefined}
            data-stale={stale || undefined}
          >
            {relativeTime(w.lastHeartbeatAt)}
            {stale ? ' (stale)' : ''}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {w.runningJobIds.length} of {w.maxConcurrentJobs}
        </Text>
        <Group gap={6}>
          {w.runningJobIds.map((id) => (
            <Anchor key={id} component={Link} to={`/jobs/${id}`} size="xs" ff="monospace">
              {shortId(id)}
            </Anchor>
          ))}
        </Group>
      </Table.Td>
      {writable ? (
        <Table.Td>
          <WorkerActions worker={w} />
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

function GpuList({ gpus }: { gpus: WorkerGpu[] }) {
  const theme = useMantineTheme();
  if (gpus.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        CPU only
      </Text>
    );
  }
  return (
    <Stack gap={6}>
      {gpus.map((g) => {
        const used = g.memoryTotalMb > 0 ? (100 * g.memoryUsedMb) / g.memoryTotalMb : 0;
        return (
          <div key={g.index}>
            <Text size="xs">
              #{g.index} {g.name} · {memory(g.memoryUsedMb)} / {memory(g.memoryTotalMb)} ·{' '}
              {Math.round(g.utilizationPercent)}% busy
            </Text>
            <Progress.Root size="sm" w={220} aria-label={`GPU ${g.index} memory and utilisation`}>
              <Tooltip label={`memory ${Math.round(used)}%`}>
                <Progress.Section value={used / 2} color={theme.primaryColor} />
              </Tooltip>
              <Tooltip label={`utilisation ${Math.round(g.utilizationPercent)}%`}>
                <Progress.Section value={g.utilizationPercent / 2} color="cyan" />
              </Tooltip>
            </Progress.Root>
          </div>
        );
      })}
    </Stack>
  );
}

function WorkerActions({ worker: w }: { worker: Worker }) {
  const queryClient = useQueryClient();
  const act = (action: 'cordon' | 'uncordon' | 'drain') => async () => {
    await request<Worker>('POST', `/api/v1/workers/${encodeURIComponent(w.id)}/${action}`);
    notifications.show({ message: `${w.host}: ${action} done`, color: 'teal' });
    await queryClient.invalidateQueries({ queryKey: WORKERS_KEY });
  };
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {w.cordoned || w.draining ? (
        <ConfirmAction
          label="Uncordon"
          variant="default"
          color="teal"
          title={`Uncordon ${w.host}?`}
          message={
            w.draining
              ? 'The worker is draining and will exit once its jobs end; uncordoning lets it take new jobs again if it is still running.'
              : 'New jobs will be scheduled on this worker again.'
          }
          confirmLabel="Uncordon"
          onConfirm={act('uncordon')}
        />
      ) : (
        <ConfirmAction
          label="Cordon"
          variant="default"
          title={`Cordon ${w.host}?`}
          message="No new job will be scheduled on this worker; the running ones go on."
          confirmLabel="Cordon"
          color="yellow"
          onConfirm={act('cordon')}
        />
      )}
      {w.draining ? null : (
        <ConfirmAction
          label="Drain"
          variant="light"
          color="red"
          title={`Drain ${w.host}?`}
          message={`The worker takes no new job and exits once its ${w.runningJobIds.length} running job(s) end.`}
          confirmLabel="Drain"
          onConfirm={act('drain')}
        />
      )}
    </Group>
  );
}
