import type { ModelVersion } from '@alloy/sdk/types';
import { Stack } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import {
  type ConsoleConfig,
  type EvaluationRun,
  inference,
  type Lineage,
  type ModelPlugins,
  useVersion,
} from './evaluation-api';
import { EvaluatorsCard } from './evaluators-card';
import { RegistryMetricsCard } from './registry-metrics-card';
import { RunComparisonCard } from './run-comparison-card';
import { StoredEvaluationSection } from './stored-evaluation-section';

/**
 * One version's stored evaluation against its parent and base with its promotion gate, then the
 * evaluators its plugins offer, the runs made here and its recorded metrics.
 */
export function VersionEvaluation({ model, version }: { model: string; version: ModelVersion }) {
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
      <StoredEvaluationSection model={model} version={version.version} />

      <EvaluatorsCard
        model={model}
        version={version}
        config={config}
        plugins={plugins}
        run={run}
        mayRun={mayRun}
      />

      {runs.map((r) => (
        <RunComparisonCard
          key={r.evaluator}
          run={r}
          version={version}
          parent={parent.data ?? null}
          base={base.data ?? null}
        />
      ))}

      <RegistryMetricsCard
        version={version}
        parent={parent.data ?? null}
        base={base.data ?? null}
      />
    </Stack>
  );
}
