import {
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconArrowDownRight,
  IconArrowUpRight,
  IconEqual,
  IconShieldCheck,
} from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Model, ModelVersion, Page } from '@alloy/sdk/types';
import { ApiProblem } from '../../api/api-error';
import { authHeaders, request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { PageHeader } from '../../components/page-header';
import { ErrorState, PageState } from '../../components/page-state';
import { formatMetric, type Verdict, verdict } from './metric-comparison';

interface ConsoleConfig {
  inferenceUrl: string;
}

/** GET {inferenceUrl}/v1/models/{model}/plugins (the model server's ModelPlugins). */
interface ModelPlugins {
  model: string;
  version: number;
  plugins: { id: string; version: string }[];
  tools: { name: string; description: string; plugin: string }[];
  evaluators: { name: string; description: string; plugin: string }[];
}

/** POST {inferenceUrl}/v1/models/{model}/evaluations (the model server's ModelEvaluation). */
interface EvaluationRun {
  model: string;
  version: number;
  evaluator: string;
  plugin: string;
  metrics: Record<string, number>;
  cases: number;
  failures: number;
}

interface Lineage {
  version: ModelVersion;
  /** Parent first, then its parent: the last one is the root the model was trained from. */
  ancestors: { id: string; version: number; model: string }[];
}

/** A call to the model server, which answers errors in the control plane's shape. */
async function inference<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...authHeaders(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await ApiProblem.from(response);
  return (await response.json()) as T;
}

/**
 * Per model version: the evaluators its plugins offer, run on the model server, with the run's
 * metrics beside the metrics the registry holds for the version's parent and base.
 */
export function EvaluationPage() {
  const [params, setParams] = useSearchParams();
  const modelName = params.get('model');
  const versionParam = params.get('version');
  const models = useQuery({
    queryKey: ['models', 'names'],
    queryFn: () => request<Page<Model>>('GET', '/api/v1/models?limit=100&sort=name&order=asc'),
  });
  const versions = useQuery({
    queryKey: ['models', modelName, 'versions'],
    queryFn: () =>
      request<Page<ModelVersion>>(
        'GET',
        `/api/v1/models/${encodeURIComponent(modelName!)}/versions?limit=100&sort=version&order=desc`,
      ),
    enabled: !!modelName,
  });
  const versionItems = versions.data?.items ?? [];
  const selected =
    versionItems.find((v) => String(v.version) === versionParam) ?? versionItems[0] ?? null;
  const choose = (next: { model?: string | null; version?: string | null }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Evaluation"
        description="Run the evaluators a model's plugins offer on a deployed version and compare with its parent and base."
      />
      <PageState
        loading={models.isPending}
        error={models.error}
        empty={(models.data?.items.length ?? 0) === 0}
        emptyText="No model yet."
      >
        <Group gap="sm" mb="md" align="flex-end">
          <Select
            label="Model"
            w={260}
            searchable
            data={(models.data?.items ?? []).map((m) => ({
              value: m.name,
              label: `${m.name} (${m.domain})`,
            }))}
            value={modelName}
            onChange={(v) => choose({ model: v, version: null })}
          />
          <Select
            label="Version"
            w={200}
            disabled={!modelName || versions.isPending}
            data={versionItems.map((v) => ({
              value: String(v.version),
              label: `v${v.version}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''} · ${v.status}`,
            }))}
            value={selected ? String(selected.version) : null}
            onChange={(v) => choose({ version: v })}
            allowDeselect={false}
          />
        </Group>
        {versions.error ? <ErrorState error={versions.error} /> : null}
        {modelName && selected ? (
          <VersionEvaluation key={selected.id} model={modelName} version={selected} />
        ) : modelName && !versions.isPending && versionItems.length === 0 ? (
          <Text size="sm" c="dimmed">
            This model has no version yet.
          </Text>
        ) : !modelName ? (
          <Text size="sm" c="dimmed">
            Choose a model.
          </Text>
        ) : null}
      </PageState>
    </>
  );
}

function VersionEvaluation({ model, version }: { model: string; version: ModelVersion }) {
  const { can } = useSession();
  const config = useQuery({
    queryKey: ['console-config'],
    queryFn: () => request<ConsoleConfig>('GET', '/console/config.json'),
    staleTime: Infinity,
  });
  const inferenceUrl = config.data?.inferenceUrl?.replace(/\/$/, '');
  const plugins = useQuery({
    queryKey: ['model-plugins', inferenceUrl, model],
    queryFn: () =>
      inference<ModelPlugins>(`${inferenceUrl}/v1/models/${encodeURIComponent(model)}/plugins`),
    enabled: !!inferenceUrl,
    retry: false,
  });
  const lineage = useQuery({
    queryKey: ['model-versions', version.id, 'lineage'],
    queryFn: () =>
      request<Lineage>('GET', `/api/v1/model-versions/${encodeURIComponent(version.id)}/lineage`),
  });
  const ancestors = lineage.data?.ancestors ?? [];
  const parentId = version.parentVersionId;
  const baseId = ancestors.length > 1 ? ancestors[ancestors.length - 1].id : null;
  const parent = useVersion(parentId);
  const base = useVersion(baseId);
  const [runs, setRuns] = useState<EvaluationRun[]>([]);
  const run = useMutation({
    mutationFn: (evaluator: string) =>
      inference<EvaluationRun>(
        `${inferenceUrl}/v1/models/${encodeURIComponent(model)}/evaluations`,
        {
          evaluator,
          version: version.version,
        },
      ),
    onSuccess: (result) =>
      setRuns((all) => [result, ...all.filter((r) => r.evaluator !== result.evaluator)]),
  });
  const mayRun = can('inference', 'invoke');

  return (
    <Stack gap="md">
      <Card withBorder padding="sm">
        <Title order={5} mb="xs">
          Evaluators of {model} v{version.version}
        </Title>
        {config.error ? (
          <ErrorState
            error={
              new Error(
                `The model server's address could not be read from /console/config.json: ${
                  config.error instanceof Error ? config.error.message : String(config.error)
                }`,
              )
            }
          />
        ) : (
          <PageState
            loading={config.isPending || plugins.isPending}
            error={plugins.error}
            empty={(plugins.data?.evaluators.length ?? 0) === 0}
            emptyText={
              plugins.data?.plugins.length
                ? `The plugins running on ${model} (${plugins.data.plugins.map((p) => p.id).join(', ')}) offer no evaluator.`
                : `No plugin is enabled for ${model}; enable one under Organisation → Plugins.`
            }
          >
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Evaluator</Table.Th>
                  <Table.Th>Plugin</Table.Th>
                  <Table.Th>What it checks</Table.Th>
                  <Table.Th aria-label="actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(plugins.data?.evaluators ?? []).map((e) => (
                  <Table.Tr key={`${e.plugin}/${e.name}`}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {e.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{e.plugin}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{e.description}</Text>
                    </Table.Td>
                    <Table.Td>
                      {mayRun ? (
                        <Button
                          variant="light"
                          loading={run.isPending && run.variables === e.name}
                          disabled={run.isPending && run.variables !== e.name}
                          onClick={() => run.mutate(e.name)}
                        >
                          Run on v{version.version}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {run.error ? <ErrorState error={run.error} /> : null}
          </PageState>
        )}
      </Card>

      {runs.map((r) => (
        <RunComparison
          key={r.evaluator}
          run={r}
          version={version}
          parent={parent.data ?? null}
          base={base.data ?? null}
        />
      ))}

      <RegistryMetrics version={version} parent={parent.data ?? null} base={base.data ?? null} />

      <Card withBorder padding="sm">
        <Group gap="xs" mb={4}>
          <IconShieldCheck size={16} aria-hidden />
          <Title order={5}>Promotion gates</Title>
        </Group>
        <Text size="sm" c="dimmed">
          No promotion gate is configured. Gates (required evaluator results before a version takes
          traffic, with recorded overrides) are not available yet.
        </Text>
      </Card>
    </Stack>
  );
}

function useVersion(id: string | null) {
  return useQuery({
    queryKey: ['model-versions', id],
    queryFn: () =>
      request<ModelVersion>('GET', `/api/v1/model-versions/${encodeURIComponent(id!)}`),
    enabled: !!id,
  });
}

const VERDICT = {
  better: { color: 'teal', icon: IconArrowUpRight, label: 'better' },
  worse: { color: 'red', icon: IconArrowDownRight, label: 'worse' },
  same: { color: 'gray', icon: IconEqual, label: 'same' },
} as const;

function Compared({
  metric,
  value,
  reference,
  against,
  subject = 'this run',
}: {
  metric: string;
  value: number | undefined;
  reference: number | undefined;
  against: string;
  subject?: string;
}) {
  const v: Verdict | null = verdict(metric, value, reference);
  if (reference === undefined) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  if (!v) return <Text size="sm">{formatMetric(reference)}</Text>;
  const { color, icon: Icon, label } = VERDICT[v];
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm">{formatMetric(reference)}</Text>
      <Tooltip label={`${subject} is ${label} than ${against}`}>
        <Badge
          size="sm"
          variant="light"
          color={color}
          leftSection={<Icon size={12} aria-hidden />}
          aria-label={`${label} than ${against}`}
        >
          {label}
        </Badge>
      </Tooltip>
    </Group>
  );
}

function RunComparison({
  run,
  version,
  parent,
  base,
}: {
  run: EvaluationRun;
  version: ModelVersion;
  parent: ModelVersion | null;
  base: ModelVersion | null;
}) {
  const metrics = Object.keys(run.metrics).sort();
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Title order={5}>
          {run.evaluator} on v{run.version}
        </Title>
        <Text size="xs" c="dimmed">
          {run.plugin} · {run.cases} case(s), {run.failures} failed
        </Text>
      </Group>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Metric</Table.Th>
            <Table.Th>This run (v{version.version})</Table.Th>
            <Table.Th>Parent {parent ? `(v${parent.version})` : ''}</Table.Th>
            <Table.Th>Base {base ? `(${base.model} v${base.version})` : ''}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {metrics.map((m) => (
            <Table.Tr key={m}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {m}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {formatMetric(run.metrics[m])}
                </Text>
              </Table.Td>
              <Table.Td>
                <Compared
                  metric={m}
                  value={run.metrics[m]}
                  reference={parent?.metrics[m]}
                  against="the parent"
                />
              </Table.Td>
              <Table.Td>
                <Compared
                  metric={m}
                  value={run.metrics[m]}
                  reference={base?.metrics[m]}
                  against="the base"
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!parent && !base ? (
        <Text size="xs" c="dimmed" mt={4}>
          This version has no parent in the registry to compare with.
        </Text>
      ) : null}
    </Card>
  );
}

/** The metrics the registry records for the version (its training run) and its ancestors. */
function RegistryMetrics({
  version,
  parent,
  base,
}: {
  version: ModelVersion;
  parent: ModelVersion | null;
  base: ModelVersion | null;
}) {
  const columns = [
    { title: `v${version.version}`, v: version },
    ...(parent ? [{ title: `parent v${parent.version}`, v: parent }] : []),
    ...(base ? [{ title: `base ${base.model} v${base.version}`, v: base }] : []),
  ];
  const metrics = [...new Set(columns.flatMap((c) => Object.keys(c.v.metrics)))].sort();
  return (
    <Card withBorder padding="sm">
      <Title order={5} mb="xs">
        Recorded in the registry
      </Title>
      {metrics.length === 0 ? (
        <Text size="sm" c="dimmed">
          No metric is recorded for this version or its ancestors.
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Metric</Table.Th>
              {columns.map((c) => (
                <Table.Th key={c.title}>{c.title}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {metrics.map((m) => (
              <Table.Tr key={m}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {m}
                  </Text>
                </Table.Td>
                {columns.map((c, i) => (
                  <Table.Td key={c.title}>
                    {i === 0 ? (
                      <Text size="sm">{formatMetric(c.v.metrics[m])}</Text>
                    ) : (
                      <Compared
                        metric={m}
                        value={version.metrics[m]}
                        reference={c.v.metrics[m]}
                        against={c.title}
                        subject={`v${version.version}`}
                      />
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
