import { BarChart } from '@mantine/charts';
import { SimpleGrid, Text } from '@mantine/core';

const COLORS = ['blue.6', 'gray.5', 'grape.4'];

/** Perplexities (lower is better) and rates (higher is better): two scales, two charts. */
const GROUPS = [
  {
    title: 'Perplexity (lower is better)',
    metrics: { domainPerplexity: 'domain', generalPerplexity: 'general' },
  },
  {
    title: 'Rates (higher is better)',
    metrics: { mcAccuracy: 'accuracy', safetyPassRate: 'safety' },
  },
] as const;

/** A grouped bar per key metric: the version beside its parent and base. */
export function EvaluationChart({
  subject,
  metrics,
  references,
}: {
  subject: string;
  metrics: Record<string, number>;
  references: { name: string; metrics: Record<string, number> }[];
}) {
  const series = [{ name: subject, metrics }, ...references].map((s, i) => ({
    ...s,
    color: COLORS[i % COLORS.length],
  }));
  const charts = GROUPS.map((g) => ({
    title: g.title,
    data: Object.entries(g.metrics)
      .filter(([m]) => m in metrics)
      .map(([m, label]) => ({
        metric: label,
        ...Object.fromEntries(series.map((s) => [s.name, s.metrics[m] ?? null])),
      })),
  })).filter((c) => c.data.length > 0);
  if (charts.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, md: charts.length }} spacing="sm">
      {charts.map((c) => (
        <div key={c.title} data-testid="evaluation-chart">
          <Text size="xs" c="dimmed" mb={4}>
            {c.title}
          </Text>
          <BarChart
            h={180}
            data={c.data}
            dataKey="metric"
            series={series.map((s) => ({ name: s.name, color: s.color }))}
            withLegend
            tickLine="none"
            gridAxis="y"
            valueFormatter={(v) => String(Number(v.toPrecision(3)))}
            barProps={{ isAnimationActive: false }}
          />
        </div>
      ))}
    </SimpleGrid>
  );
}
