import type { ModelVersion } from '@alloy/sdk/types';
import { Card, Group, Table, Text, Title } from '@mantine/core';
import { Compared } from './compared-metric';
import type { EvaluationRun } from './evaluation-api';
import { formatMetric } from './metric-comparison';

/** An evaluator run's metrics beside those the registry holds for the parent and the base. */
export function RunComparisonCard({
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
