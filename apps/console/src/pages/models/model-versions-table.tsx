import type { ModelVersion } from '@alloy/sdk/types';
import { Anchor, Badge, Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../auth/session-provider';
import { versionFacts } from '../../components/model-lineage-graph';
import type { ModelAlias } from './model-aliases-panel';
import { MoveAliasModal } from './move-alias-modal';
import { VersionStatusBadge } from './version-status-badge';

function formatMetric(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(4);
}

function Metrics({ metrics }: { metrics: Record<string, number> }) {
  const entries = Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0)
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  const shown = entries.slice(0, 3);
  const all = entries.map(([k, v]) => `${k} ${formatMetric(v)}`).join('\n');
  return (
    <Tooltip
      label={
        <Text size="xs" style={{ whiteSpace: 'pre' }}>
          {all}
        </Text>
      }
      disabled={entries.length <= 3}
    >
      <Group gap={8} wrap="nowrap">
        {shown.map(([k, v]) => (
          <Text key={k} size="xs" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
            <Text span c="dimmed" size="xs">
              {k}
            </Text>{' '}
            {formatMetric(v)}
          </Text>
        ))}
        {entries.length > 3 ? (
          <Text size="xs" c="dimmed">
            +{entries.length - 3}
          </Text>
        ) : null}
      </Group>
    </Tooltip>
  );
}

/** Marks a version an admin moved past a failing promotion gate, with who and why. */
function OverriddenBadge({ version }: { version: ModelVersion }) {
  const overrides = version.gateOverrides;
  if (!overrides.length) return null;
  const last = overrides[overrides.length - 1];
  return (
    <Tooltip
      multiline
      w={320}
      label={`${last.actor} moved ${last.alias} past ${last.checks.map((c) => c.field).join(', ')} on ${new Date(last.createdAt).toLocaleString()}: ${last.reason}`}
    >
      <Badge size="sm" color="orange" variant="light">
        gate overridden
      </Badge>
    </Tooltip>
  );
}

/**
 * A model's versions: status, how each was trained, its metrics and aliases; choosing one shows
 * its lineage, and a builder may promote it or point any alias at it.
 */
export function ModelVersionsTable({
  model,
  versions,
  aliases,
  selectedId,
  onSelect,
  onAliasMoved,
}: {
  model: string;
  versions: ModelVersion[];
  aliases: ModelAlias[];
  selectedId: string | null;
  onSelect: (version: ModelVersion) => void;
  onAliasMoved: () => Promise<void>;
}) {
  const { can } = useSession();
  const [moving, setMoving] = useState<{ version: ModelVersion; alias: string } | null>(null);
  const production = aliases.find((a) => a.alias === 'production');
  return (
    <>
      <Table.ScrollContainer minWidth={860}>
        <Table highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Trained by</Table.Th>
              <Table.Th>Metrics</Table.Th>
              <Table.Th>Aliases</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v) => {
              const facts = versionFacts(v);
              const servable = v.status !== 'archived' && v.status !== 'failed';
              return (
                <Table.Tr
                  key={v.id}
                  bg={v.id === selectedId ? 'var(--mantine-primary-color-light)' : undefined}
                  aria-selected={v.id === selectedId}
                >
                  <Table.Td>
                    <Anchor
                      component="button"
                      fw={700}
                      onClick={() => onSelect(v)}
                      title="show its lineage"
                    >
                      v{v.version}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <VersionStatusBadge status={v.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {facts.kind ? facts.kind.replace(/_/g, ' ') : 'registered'}
                      {facts.method ? ` · ${facts.method}` : ''}
                    </Text>
                    {v.jobId ? (
                      <Anchor component={Link} to={`/jobs/${v.jobId}`} size="xs" c="dimmed">
                        job {v.jobId.slice(0, 8)}
                      </Anchor>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Metrics metrics={v.metrics} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {v.aliases.map((a) => (
                        <Badge
                          key={a}
                          size="sm"
                          variant={a === 'production' ? 'filled' : 'outline'}
                        >
                          {a}
                        </Badge>
                      ))}
                      <OverriddenBadge version={v} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" title={v.createdAt}>
                      {new Date(v.createdAt).toLocaleString()}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {can('models', 'write') && servable ? (
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Button
                          size="compact-xs"
                          variant="light"
                          color="green"
                          disabled={production?.version === v.version}
                          aria-label={`promote v${v.version} to production`}
                          onClick={() => setMoving({ version: v, alias: 'production' })}
                        >
                          Promote
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="default"
                          aria-label={`point an alias at v${v.version}`}
                          onClick={() => setMoving({ version: v, alias: '' })}
                        >
                          Alias…
                        </Button>
                      </Group>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {moving ? (
        <MoveAliasModal
          model={model}
          version={moving.version}
          aliases={aliases}
          initialAlias={moving.alias}
          onClose={() => setMoving(null)}
          onMoved={onAliasMoved}
        />
      ) : null}
    </>
  );
}
