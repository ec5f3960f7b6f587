import { Anchor, Badge, Group, Modal, Stack, Table, Text, Timeline } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ControlPlaneComponents } from '@alloy/sdk/types';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { ConfirmAction } from '../../components/confirm-action';
import { GateRefusal } from '../../components/gate-refusal';
import { PageState } from '../../components/page-state';

/** An alias of a model (GET /api/v1/models/:name/aliases). */
export interface ModelAlias {
  alias: string;
  versionId: string;
  version: number;
  updatedAt: string;
}

/** One move of an alias (GET .../aliases/:alias/history); `toVersion` null when it was removed. */
interface AliasMove {
  fromVersion: number | null;
  toVersion: number | null;
  actor: string;
  movedAt: string;
}

/**
 * Points an alias at a version: the one change both promote and roll back are made of. Moving
 * production answers 409 PROMOTION_GATE_FAILED when the version fails its gate; an admin may
 * resend it with an override reason.
 */
export async function moveAlias(
  model: string,
  alias: string,
  version: number,
  override?: { reason: string },
): Promise<void> {
  const body: ControlPlaneComponents['schemas']['SetAliasDto'] = override
    ? { version, override }
    : { version };
  await request(
    'PUT',
    `/api/v1/models/${encodeURIComponent(model)}/aliases/${encodeURIComponent(alias)}`,
    body,
  );
}

function AliasHistory({
  model,
  alias,
  current,
  onMoved,
}: {
  model: string;
  alias: string;
  current: number;
  onMoved: () => Promise<void>;
}) {
  const { can } = useSession();
  const history = useQuery({
    queryKey: ['models', model, 'aliases', alias, 'history'],
    queryFn: () =>
      request<{ items: AliasMove[] }>(
        'GET',
        `/api/v1/models/${encodeURIComponent(model)}/aliases/${encodeURIComponent(alias)}/history`,
      ),
  });
  const moves = [...(history.data?.items ?? [])].reverse(); // newest first
  return (
    <PageState loading={history.isPending} error={history.error} empty={moves.length === 0}>
      <Timeline bulletSize={14} lineWidth={2} active={0}>
        {moves.map((m, i) => (
          <Timeline.Item
            key={`${m.movedAt}-${i}`}
            title={
              <Group gap="xs">
                <Text size="sm">
                  {m.fromVersion === null ? 'created' : `v${m.fromVersion}`} →{' '}
                  {m.toVersion === null ? 'removed' : `v${m.toVersion}`}
                </Text>
                {can('models', 'write') && m.toVersion !== null && m.toVersion !== current ? (
                  <ConfirmAction
                    label={`Move back to v${m.toVersion}`}
                    size="compact-xs"
                    variant="light"
                    color="orange"
                    title={`Roll ${alias} back`}
                    message={`${model}:${alias} points at v${current}. It will point at v${m.toVersion} again; clients calling ${model}:${alias} get v${m.toVersion} from then on.`}
                    confirmLabel={`Point ${alias} at v${m.toVersion}`}
                    onConfirm={async () => {
                      await moveAlias(model, alias, m.toVersion!);
                      await onMoved();
                    }}
                    renderError={(error, close) => (
                      <GateRefusal
                        error={error}
                        onOverride={async (reason) => {
                          await moveAlias(model, alias, m.toVersion!, { reason });
                          await onMoved();
                          close();
                        }}
                      />
                    )}
                  />
                ) : null}
              </Group>
            }
          >
            <Text size="xs" c="dimmed">
              {new Date(m.movedAt).toLocaleString()} by {m.actor}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </PageState>
  );
}

/**
 * A model's aliases (production, staging, ...), what each points at, its history, and rolling it
 * back to where it pointed before.
 */
export function ModelAliasesPanel({
  model,
  aliases,
  loading,
  error,
  onMoved,
}: {
  model: string;
  aliases: ModelAlias[];
  loading: boolean;
  error: unknown;
  onMoved: () => Promise<void>;
}) {
  const { can } = useSession();
  const [historyOf, setHistoryOf] = useState<ModelAlias | null>(null);
  const queryClient = useQueryClient();
  const previous = (alias: string) =>
    queryClient.fetchQuery({
      queryKey: ['models', model, 'aliases', alias, 'history'],
      queryFn: () =>
        request<{ items: AliasMove[] }>(
          'GET',
          `/api/v1/models/${encodeURIComponent(model)}/aliases/${encodeURIComponent(alias)}/history`,
        ),
    });
  const rollbackVersion = async (alias: string) => {
    const last = (await previous(alias)).items.at(-1);
    if (!last || last.fromVersion === null)
      throw new Error(`${alias} has pointed at no other version`);
    return last.fromVersion;
  };
  return (
    <PageState
      loading={loading}
      error={error}
      empty={aliases.length === 0}
      emptyText="No aliases yet. Promote a version to production to create one."
    >
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Alias</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Moved</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {aliases.map((a) => (
            <Table.Tr key={a.alias}>
              <Table.Td>
                <Badge variant="outline">{a.alias}</Badge>
              </Table.Td>
              <Table.Td>
                <Text fw={600} size="sm">
                  v{a.version}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={a.updatedAt}>
                  {new Date(a.updatedAt).toLocaleString()}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Anchor component="button" size="sm" onClick={() => setHistoryOf(a)}>
                    History
                  </Anchor>
                  {can('models', 'write') ? (
                    <ConfirmAction
                      label="Roll back"
                      size="compact-sm"
                      variant="light"
                      color="orange"
                      title={`Roll ${a.alias} back`}
                      message={`${model}:${a.alias} will point at the version it pointed at before v${a.version}.`}
                      confirmLabel="Roll back"
                      onConfirm={async () => {
                        await moveAlias(model, a.alias, await rollbackVersion(a.alias));
                        await onMoved();
                      }}
                      renderError={(error, close) => (
                        <GateRefusal
                          error={error}
                          onOverride={async (reason) => {
                            const to = await rollbackVersion(a.alias);
                            await moveAlias(model, a.alias, to, { reason });
                            await onMoved();
                            close();
                          }}
                        />
                      )}
                    />
                  ) : null}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={historyOf !== null}
        onClose={() => setHistoryOf(null)}
        title={historyOf ? `History of ${model}:${historyOf.alias}` : ''}
        centered
      >
        {historyOf ? (
          <Stack>
            <AliasHistory
              model={model}
              alias={historyOf.alias}
              current={
                aliases.find((a) => a.alias === historyOf.alias)?.version ?? historyOf.version
              }
              onMoved={onMoved}
            />
          </Stack>
        ) : null}
      </Modal>
    </PageState>
  );
}
