import { LineChart } from '@mantine/charts';
import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import type { MetricPoint } from './job-types';

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 });
const fixed = (digits: number) => (v: number) => (Number.isFinite(v) ? v.toFixed(digits) : '');
const scientific = (v: number) => (Number.isFinite(v) ? v.toExponential(1) : '');

function Curve({
  title,
  latest,
  testId,
  children,
}: {
  title: string;
  latest: string;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <Card withBorder padding="xs" component="section" aria-label={title} data-testid={testId}>
      <Title order={4} size="h6" mb={4}>
        {title}{' '}
        <Text span size="xs" c="dimmed" fw={400}>
          {latest}
        </Text>
      </Title>
      {children}
    </Card>
  );
}

/**
 * Loss (and eval loss when the job evaluates), learning rate and throughput per step. Takes the
 * points as props so the page can append live ones; the x axis is the step, so a resumed attempt
 * that repeats steps replaces them rather than drawing a second line.
 */
export function JobCurvesChart({ points }: { points: MetricPoint[] }) {
  if (points.length === 0) {
    return (
      <Card withBorder padding="md">
        <Text size="sm" c="dimmed" ta="center">
          No metrics yet: the curves appear with the first logged step.
        </Text>
      </Card>
    );
  }
  const last = points[points.length - 1];
  const hasEval = points.some((p) => p.evalLoss != null);
  const data = points.map((p) => ({
    step: p.step,
    loss: p.loss,
    evalLoss: p.evalLoss ?? null,
    lr: p.lr ?? null,
    tokensPerSecond: p.tokensPerSecond ?? null,
  }));
  const common = {
    h: 180,
    data,
    dataKey: 'step',
    withDots: points.length < 40,
    curveType: 'linear' as const,
    connectNulls: true,
    // Live points arrive every few seconds; animating each redraw makes the chart swim.
    lineChartProps: { syncId: 'job-curves' },
    lineProps: { isAnimationActive: false },
    xAxisProps: { type: 'number' as const, domain: ['dataMin', 'dataMax'] },
  };
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="sm">
      <Curve
        title="Loss"
        latest={`step ${last.step.toLocaleString('en')}: ${last.loss.toFixed(4)}`}
        testId="loss-chart"
      >
        <LineChart
          {...common}
          valueFormatter={fixed(3)}
          series={[
            { name: 'loss', label: 'train loss', color: 'blue.6' },
            ...(hasEval ? [{ name: 'evalLoss', label: 'eval loss', color: 'orange.6' }] : []),
          ]}
          withLegend={hasEval}
        />
      </Curve>
      <Curve
        title="Learning rate"
        latest={last.lr != null ? scientific(last.lr) : '—'}
        testId="lr-chart"
      >
        <LineChart
          {...common}
          valueFormatter={scientific}
          yAxisProps={{ width: 60 }}
          series={[{ name: 'lr', label: 'learning rate', color: 'teal.6' }]}
        />
      </Curve>
      <Curve
        title="Tokens/s"
        latest={last.tokensPerSecond != null ? compact.format(last.tokensPerSecond) : '—'}
        testId="throughput-chart"
      >
        <LineChart
          {...common}
          valueFormatter={(v) => compact.format(v)}
          series={[{ name: 'tokensPerSecond', label: 'tokens/s', color: 'grape.6' }]}
        />
      </Curve>
    </SimpleGrid>
  );
}

/** Adds points to a series by step: a repeated step (a resumed attempt) replaces the old one. */
export function mergePoints(series: MetricPoint[], added: MetricPoint[]): MetricPoint[] {
  if (added.length === 0) return series;
  const last = series[series.length - 1];
  // The common case, a newer step at the end, without rebuilding the series.
  if (added.length === 1 && (!last || added[0].step > last.step)) return [...series, added[0]];
  const byStep = new Map(series.map((p) => [p.step, p]));
  for (const p of added) byStep.set(p.step, p);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}
