import type { ModelVersion } from '@alloy/sdk/types';
import { Card, Table, Text, Title } from '@mantine/core';
import { Compared } from './compared-metric';
import { formatMetric } from './metric-comparison';

/** The metrics the registry records for the version (its training run) and its ancestors. */
export function RegistryMetricsCard({
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
