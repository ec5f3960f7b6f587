import type { ModelVersion, Page } from '@alloy/sdk/types';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { ConfirmAction } from '../../components/confirm-action';
import { GateRefusal } from '../../components/gate-refusal';
import { PageHeader } from '../../components/page-header';
import { PageState } from '../../components/page-state';
import { TrafficSplitBar } from '../../components/traffic-split-bar';
import { TrafficSplitEditor } from '../../components/traffic-split-editor';
import type { DeploymentDetail, DeploymentRevision } from './deployment-types';

const splitText = (r: { traffic: { version: number; weight: number }[] }) =>
  r.traffic.map((s) => `v${s.version} ${s.weight}%`).join(', ');

/**
 * The revision POST .../rollback restores, found as the server finds it: a rollback is undone by
 * going one step further back, like an undo stack.
 */
export function rollbackTarget(
  revisions: DeploymentRevision[],
  current: number,
): DeploymentRevision | null {
  const byNumber = new Map(revisions.map((r) => [r.revision, r]));
  let origin = byNumber.get(current);
  while (origin?.action === 'rollback' && origin.restoredRevision !== null) {
    const restored = byNumber.get(origin.restoredRevision);
    if (!restored) break;
    origin = restored;
  }
  return origin ? (byNumber.get(origin.revision - 1) ?? null) : null;
}

const ACTION_COLOR: Record<string, string> = {
  create: 'blue',
  split: 'cyan',
  promote: 'green',
  rollback: 'orange',
};

/** One deployment: the split in force, changing it, promote and roll back, and its revisions. */
export function DeploymentPage() {
  const { name = '' } = useParams();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const path = `/api/v1/deployments/${encodeURIComponent(name)}`;
  const deployment = useQuery({
    queryKey: ['deployments', name],
    queryFn: () => request<DeploymentDetail>('GET', path),
  });
  const model = deployment.data?.model;
  const ready = useQuery({
    queryKey: ['models', model, 'versions', 'ready'],
    queryFn: () =>
      request<Page<ModelVersion>>(
        'GET',
        `/api/v1/models/${encodeURIComponent(model!)}/versions?status=ready&sort=version&order=desc&limit=100`,
      ),
    enabled: !!model,
  });
  const [promoteVersion, setPromoteVersion] = useState<string | null>(null);
  const [promoteAlias, setPromoteAlias] = useState('production');
  const writable = can('deployments', 'write');

  // Every change answers with the whole deployment: show it at once, then refresh the lists.
  const changed = async (next: DeploymentDetail) => {
    queryClient.setQueryData(['deployments', name], next);
    await queryClient.invalidateQueries({ queryKey: ['deployments'] });
    await queryClient.invalidateQueries({ queryKey: ['models', next.model] });
  };
  const call = async (method: 'PUT' | 'POST', suffix: string, body?: unknown) =>
    changed(await request<DeploymentDetail>(method, `${path}${suffix}`, body));

  // Production is gated: a failing version is refused with its checks, unless an admin overrides.
  const promote = (override?: { reason: string }) =>
    call('POST', '/promote', {
      version: Number(promoteVersion),
      alias: promoteAlias,
      ...(override ? { override } : {}),
    });

  const d = deployment.data;
  const current = d?.revisions.find((r) => r.revision === d.currentRevision);
  const target = d ? rollbackTarget(d.revisions, d.currentRevision) : null;
  const readyVersions = ready.data?.items ?? [];

  return (
    <PageState loading={deployment.isPending} error={deployment.error}>
      {d ? (
        <>
          <PageHeader
            title={d.name}
            description={
              <>
                Serves{' '}
                <Anchor component={Link} to={`/models/${encodeURIComponent(d.model)}`} size="sm">
                  {d.model}
                </Anchor>{' '}
                · revision #{d.currentRevision}
                {current?.alias ? ` · ${current.alias} → v${current.aliasVersion}` : ''}
              </>
            }
            actions={
              <>
                {can('inference', 'invoke') ? (
                  <Button
                    component={Link}
                    to={`/playground?target=${encodeURIComponent(d.model)}`}
                    variant="default"
                  >
                    Try in playground
                  </Button>
                ) : null}
                {writable ? (
                  <ConfirmAction
                    label="Roll back"
                    variant="default"
                    color="orange"
                    disabled={!target}
                    title={`Roll back ${d.name}`}
                    message={
                      target
                        ? `Traffic goes back to the split of revision #${target.revision} (${splitText(target)}), from ${splitText(d)} now.${target.alias ? ` The ${target.alias} alias moves back to v${target.aliasVersion}.` : ''}`
                        : ''
                    }
                    confirmLabel={`Restore revision #${target?.revision ?? ''}`}
                    onConfirm={() => call('POST', '/rollback')}
                  />
                ) : null}
              </>
            }
          />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Card withBorder padding="sm">
                <Title order={4} mb="xs">
                  Traffic
                </Title>
                {writable ? (
                  <PageState loading={ready.isPending} error={ready.error}>
                    <TrafficSplitEditor
                      key={d.currentRevision}
                      current={d.traffic.map((t) => ({ version: t.version, weight: t.weight }))}
                      candidates={readyVersions.map((v) => v.version)}
                      onSubmit={(traffic) => call('PUT', '/traffic', { traffic })}
                    />
                  </PageState>
                ) : (
                  <TrafficSplitBar traffic={d.traffic} size="xl" legend />
                )}
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Card withBorder padding="sm">
                <Title order={4} mb="xs">
                  Promote
                </Title>
                <Text size="sm" c="dimmed" mb="xs">
                  Sends all traffic to one version and moves a registry alias to it, together.
                </Text>
                {writable ? (
                  <Stack gap="xs">
                    <Group grow align="flex-end">
                      <Select
                        label="Version"
                        data={readyVersions.map((v) => ({
                          value: String(v.version),
                          label: `v${v.version}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}`,
                        }))}
                        value={promoteVersion}
                        onChange={setPromoteVersion}
                        placeholder={ready.isPending ? 'loading…' : 'ready version'}
                      />
                      <TextInput
                        label="Alias"
                        value={promoteAlias}
                        onChange={(e) => setPromoteAlias(e.currentTarget.value.trim())}
                        error={
                          promoteAlias && !/^[a-z][a-z0-9-]{0,62}$/.test(promoteAlias)
                            ? 'a lowercase slug starting with a letter'
                            : undefined
                        }
                      />
                    </Group>
                    <Group justify="flex-end">
                      <ConfirmAction
                        label="Promote"
                        color="green"
                        disabled={!promoteVersion || !/^[a-z][a-z0-9-]{0,62}$/.test(promoteAlias)}
                        title={`Promote v${promoteVersion ?? ''}`}
                        message={`All of ${d.name}'s traffic goes to v${promoteVersion ?? ''} (now ${splitText(d)}), and ${d.model}:${promoteAlias} points at it. Roll back restores both.`}
                        confirmLabel="Promote"
                        onConfirm={() => promote()}
                        renderError={(error, close) => (
                          <GateRefusal
                            error={error}
                            onOverride={async (reason) => {
                              await promote({ reason });
                              close();
                            }}
                          />
                        )}
                      />
                    </Group>
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    Your role may not change deployments.
                  </Text>
                )}
              </Card>
            </Grid.Col>
          </Grid>
          <Card withBorder padding="sm" mt="md">
            <Title order={4} mb="xs">
              Revisions
            </Title>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="xs" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Revision</Table.Th>
                    <Table.Th>Change</Table.Th>
                    <Table.Th w="30%">Traffic</Table.Th>
                    <Table.Th>Alias</Table.Th>
                    <Table.Th>By</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.revisions.map((r) => (
                    <Table.Tr
                      key={r.revision}
                      fw={r.revision === d.currentRevision ? 600 : undefined}
                    >
                      <Table.Td>
                        #{r.revision}
                        {r.revision === d.currentRevision ? (
                          <Badge size="xs" ml={6}>
                            in force
                          </Badge>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={ACTION_COLOR[r.action] ?? 'gray'}>
                          {r.action}
                        </Badge>
                        {r.restoredRevision !== null ? (
                          <Text span size="xs" c="dimmed" ml={4}>
                            to #{r.restoredRevision}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Box maw={300}>
                          <TrafficSplitBar traffic={r.traffic} size="sm" legend />
                        </Box>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{r.alias ? `${r.alias} → v${r.aliasVersion}` : '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{r.createdBy}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" title={r.createdAt}>
                          {new Date(r.createdAt).toLocaleString()}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {writable && r.revision !== d.currentRevision ? (
                          <ConfirmAction
                            label="Roll back to this"
                            size="compact-xs"
                            variant="light"
                            color="orange"
                            title={`Restore revision #${r.revision}`}
                            message={
                              r.revision === target?.revision
                                ? `Traffic goes back to ${splitText(r)} (now ${splitText(d)}).${r.alias ? ` The ${r.alias} alias moves back to v${r.aliasVersion}.` : ''}`
                                : `A new revision sends traffic as #${r.revision} did: ${splitText(r)} (now ${splitText(d)}). Registry aliases stay where they are.`
                            }
                            confirmLabel={`Restore #${r.revision}`}
                            onConfirm={() =>
                              // The previous revision is a true rollback (aliases follow); an older
                              // one is restored as a new split of the same weights.
                              r.revision === target?.revision
                                ? call('POST', '/rollback')
                                : call('PUT', '/traffic', {
                                    traffic: r.traffic.map((t) => ({
                                      version: t.version,
                                      weight: t.weight,
                                    })),
                                  })
                            }
                          />
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </>
      ) : null}
    </PageState>
  );
}
