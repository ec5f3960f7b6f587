import type { DatasetVersion, ModelVersion } from '@alloy/sdk/types';
import { Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { request } from '../../api/api-client';
import {
  type Lineage,
  ModelLineageGraph,
  type VersionFacts,
  versionFacts,
} from '../../components/model-lineage-graph';
import { PageState } from '../../components/page-state';

/**
 * Fetches a version's lineage and what the graph labels its nodes with: how each version was
 * trained (versions of other models are fetched one by one) and the names of its dataset versions.
 */
export function ModelLineagePanel({
  versionId,
  baseModel,
  known,
  onSelect,
}: {
  versionId: string;
  baseModel: string;
  /** Versions already loaded (this model's), so only the others are asked for. */
  known: ModelVersion[];
  onSelect: (id: string) => void;
}) {
  const lineage = useQuery({
    queryKey: ['model-versions', versionId, 'lineage'],
    queryFn: () =>
      request<Lineage>('GET', `/api/v1/model-versions/${encodeURIComponent(versionId)}/lineage`),
  });
  const nodes = lineage.data ? [...lineage.data.ancestors, ...lineage.data.descendants] : [];
  const knownById = new Map(known.map((v) => [v.id, v]));
  const missing = nodes.filter((n) => !knownById.has(n.id)).map((n) => n.id);
  const fetched = useQueries({
    queries: missing.map((id) => ({
      queryKey: ['model-versions', id],
      queryFn: () =>
        request<ModelVersion>('GET', `/api/v1/model-versions/${encodeURIComponent(id)}`),
    })),
  });
  const facts: Record<string, VersionFacts> = {};
  for (const v of [...known, ...fetched.flatMap((q) => (q.data ? [q.data] : []))])
    facts[v.id] = versionFacts(v);
  if (lineage.data) facts[lineage.data.version.id] = versionFacts(lineage.data.version);
  const datasetIds = [
    ...new Set(
      [lineage.data?.version.id, ...nodes.map((n) => n.id)].flatMap((id) =>
        id ? (facts[id]?.datasetVersionIds ?? []) : [],
      ),
    ),
  ];
  const datasetVersions = useQueries({
    queries: datasetIds.map((id) => ({
      queryKey: ['dataset-versions', id],
      queryFn: () =>
        request<DatasetVersion>('GET', `/api/v1/dataset-versions/${encodeURIComponent(id)}`),
      // A dataset the caller may not read still draws, by its id.
      retry: false,
    })),
  });
  const datasets: Record<string, string> = {};
  for (const q of datasetVersions)
    if (q.data) datasets[q.data.id] = `${q.data.dataset}@${q.data.version}`;

  const root = lineage.data ? (lineage.data.ancestors.at(-1) ?? lineage.data.version) : null;
  return (
    <PageState loading={lineage.isPending} error={lineage.error}>
      {lineage.data ? (
        <>
          <ModelLineageGraph
            lineage={lineage.data}
            // The base model is this model's only when the oldest ancestor is this model's too.
            baseModel={root && root.model === lineage.data.version.model ? baseModel : undefined}
            facts={facts}
            datasets={datasets}
            onSelectVersion={(node) => onSelect(node.id)}
          />
          <Text size="xs" c="dimmed" mt={4}>
            Arrows run from parent to child; dashed lines from the dataset versions a version was
            trained on. Choose a node to centre the lineage on it.
          </Text>
        </>
      ) : null}
    </PageState>
  );
}
