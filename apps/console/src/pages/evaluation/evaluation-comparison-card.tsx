import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { VerdictBadge } from './compared-metric';
import type { EvaluationComparison, StoredEvaluation } from './evaluation-api';
import { EvaluationChart } from './evaluation-chart';
import { deltaOf, METRIC_LABEL, shownMetrics, subjectLabel } from './evaluation-metrics';
import { formatMetric } from './metric-comparison';

const signed = (n: number) => `${n > 0 ? '+' : ''}${formatMetric(n)}`;

/** One reference's value of a metric, the version's delta against it and the server's verdict. */
function ReferenceCell({
  comparison,
  metric,
  subject,
}: {
  comparison: EvaluationComparison;
  metric: string;
  subject: string;
}) {
  const delta = deltaOf(comparison, metric);
  const value = comparison.evaluation?.metrics[metric];
  if (!delta) {
    return (
      <Text size="sm" c="dimmed">
        {value === undefined ? '—' : formatMetric(value)}
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm">{formatMetric(delta.reference)}</Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {signed(delta.delta)}
        {delta.deltaPct !== null ? ` (${signed(Number(delta.deltaPct.toFixed(1)))}%)` : ''}
      </Text>
      <VerdictBadge verdict={delta.verdict} against={subjectLabel(comparison)} subject={subject} />
    </Group>
  );
}

function Caveat({ comparison }: { comparison: EvaluationComparison }) {
  const who = subjectLabel(comparison);
  if (!comparison.evaluation)
    return <Text size="xs" c="dimmed">{`${who} has no evaluation.`}</Text>;
  if (comparison.sameDatasets) return null;
  return (
    <Text size="xs" c="orange">
      {`${who} was evaluated on other datasets: its values do not compare.`}
    </Text>
  );
}

/**
 * The version's evaluation beside its parent's and its base model's: each metric with the delta
 * and whether the version is better or worse (lower perplexity, higher accuracy and pass rates).
 */
export function EvaluationComparisonCard({
  version,
  evaluation,
  parent,
  base,
}: {
  version: number;
  evaluation: StoredEvaluation;
  parent: EvaluationComparison;
  base: EvaluationComparison;
}) {
  const subject = `v${version}`;
  // A version with no parent is compared with its base model: one column says it all.
  const references =
    parent.subject.id === base.subject.id
      ? [{ role: 'Base', c: base }]
      : [
          { role: 'Parent', c: parent },
          { role: 'Base', c: base },
        ];
  const metrics = shownMetrics(evaluation.metrics);
  return (
    <Card withBorder padding="sm">
      <Title order={5} mb={4}>
        Evaluation against {references.map((r) => subjectLabel(r.c)).join(' and ')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        Evaluated {new Date(evaluation.createdAt).toLocaleString()} on{' '}
        {evaluation.datasets.map((d) => `${d.role} (${d.split})`).join(', ') || 'no dataset'}.
      </Text>
      <Stack gap="md">
        <EvaluationChart
          subject={subject}
          metrics={evaluation.metrics}
          references={references.map((r) => ({
            name: subjectLabel(r.c),
            metrics: r.c.evaluation?.metrics ?? {},
          }))}
        />
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} aria-label="evaluation comparison">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Metric</Table.Th>
                <Table.Th>{subject}</Table.Th>
                {references.map((r) => (
                  <Table.Th key={r.role}>
                    {r.role} ({subjectLabel(r.c)})
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {metrics.map((m) => (
                <Table.Tr key={m} data-testid={`metric-${m}`}>
                  <Table.Td>
                    <Text size="sm" title={m}>
                      {METRIC_LABEL[m] ?? m}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {formatMetric(evaluation.metrics[m])}
                    </Text>
                  </Table.Td>
                  {references.map((r) => (
                    <Table.Td key={r.role}>
                      <ReferenceCell comparison={r.c} metric={m} subject={subject} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {references.map((r) => (
          <Caveat key={r.role} comparison={r.c} />
        ))}
      </Stack>
    </Card>
  );
}
