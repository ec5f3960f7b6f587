import { Group, Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Model, ModelVersion, Page } from '@alloy/sdk/types';
import { request } from '../../api/api-client';
import { PageHeader } from '../../components/page-header';
import { ErrorState, PageState } from '../../components/page-state';
import { VersionEvaluation } from './version-evaluation';

/**
 * Per model version: its stored evaluation beside its parent's and base's, its promotion gate,
 * and the evaluators its plugins offer, run on the model server.
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
        description="What each version measured beside its parent and base, whether its promotion gate lets it take production, and the evaluators its plugins offer."
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
