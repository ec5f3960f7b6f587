import type { ModelVersion } from '@alloy/sdk/types';
import {
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ApiProblem } from '../../api/api-error';
import { useSession } from '../../auth/session-provider';
import { ErrorState } from '../../components/page-state';
import { useSubmit } from '../../components/use-submit';
import { versionFacts } from '../../components/model-lineage-graph';
import { type ModelAlias, moveAlias } from './model-aliases-panel';
import { VersionStatusBadge } from './version-status-badge';

const ALIAS = /^[a-z][a-z0-9-]{0,62}$/;

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

/** Points an alias at a version, after saying where it points now and where it will. */
function MoveAliasModal({
  model,
  version,
  aliases,
  initialAlias,
  onClose,
  onMoved,
}: {
  model: string;
  version: ModelVersion;
  aliases: ModelAlias[];
  initialAlias: string;
  onClose: () => void;
  onMoved: () => Promise<void>;
}) {
  const [alias, setAlias] = useState(initialAlias);
  const { busy, error, run } = useSubmit();
  const current = aliases.find((a) => a.alias === alias);
  const valid = ALIAS.test(alias);
  const problem = error instanceof ApiProblem ? error : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    await run(async () => {
      await moveAlias(model, alias, version.version);
      await onMoved();
      onClose();
    });
  };
  return (
    <Modal opened onClose={onClose} title={`Point an alias at v${version.version}`} centered>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <Autocomplete
            label="Alias"
            description="Clients call the model as model:alias"
            data={[...new Set(['production', 'staging', ...aliases.map((a) => a.alias)])]}
            value={alias}
            onChange={(v) => setAlias(v.trim())}
            error={
              problem?.fieldMessage('alias') ??
              (alias && !valid ? 'a lowercase slug starting with a letter' : undefined)
            }
            data-autofocus
          />
          {valid ? (
            <Text size="sm">
              {current
                ? current.version === version.version
                  ? `${model}:${alias} already points at v${version.version}.`
                  : `${model}:${alias} moves from v${current.version} to v${version.version}; its clients get v${version.version} from then on.`
                : `${model}:${alias} is new and will point at v${version.version}.`}
            </Text>
          ) : null}
          {error && !problem?.fieldMessage('alias') ? <ErrorState error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={busy}
              disabled={!valid || current?.version === version.version}
            >
              Move {alias || 'alias'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
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
