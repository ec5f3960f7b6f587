import { Card, Stack, Text, Title } from '@mantine/core';
import { PageState } from '../../components/page-state';
import { useVersionEvaluation } from './evaluation-api';
import { EvaluationComparisonCard } from './evaluation-comparison-card';
import { GenerationSamplesCard } from './generation-samples-card';
import { PromotionGateCard } from './promotion-gate-card';
import { SafetyCasesCard } from './safety-cases-card';

/**
 * What the evaluate jobs measured of a version (GET .../versions/{n}/evaluation): the comparison
 * with its parent and base, its promotion gate and overrides, its safety cases and samples.
 */
export function StoredEvaluationSection({ model, version }: { model: string; version: number }) {
  const report = useVersionEvaluation(model, version);
  const r = report.data;
  const evaluation = r?.evaluation ?? null;
  return (
    <PageState loading={report.isPending} error={report.error}>
      {r ? (
        <Stack gap="md">
          {evaluation ? (
            <EvaluationComparisonCard
              version={version}
              evaluation={evaluation}
              parent={r.parent}
              base={r.base}
            />
          ) : (
            <Card withBorder padding="sm">
              <Title order={5} mb={4}>
                Evaluation
              </Title>
              <Text size="sm" c="dimmed">
                v{version} has not been evaluated: a pipeline evaluates each version it trains, or
                run an evaluate job on it.
              </Text>
            </Card>
          )}
          <PromotionGateCard report={r} />
          {evaluation?.details.safety?.length ? (
            <SafetyCasesCard cases={evaluation.details.safety} />
          ) : null}
          {evaluation?.details.samples?.length ? (
            <GenerationSamplesCard samples={evaluation.details.samples} />
          ) : null}
        </Stack>
      ) : null}
    </PageState>
  );
}
