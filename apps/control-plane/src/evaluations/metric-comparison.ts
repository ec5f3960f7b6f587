/** Which way a metric improves: losses and perplexities fall, accuracies and pass rates rise. */
export type MetricDirection = 'lower' | 'higher';
export type MetricVerdict = 'better' | 'worse' | 'same';

export interface MetricDelta {
  metric: string;
  value: number;
  reference: number;
  /** value - reference */
  delta: number;
  /** delta as a percentage of the reference; null when the reference is 0. */
  deltaPct: number | null;
  direction: MetricDirection;
  verdict: MetricVerdict;
}

/** Null for metrics that are counts or sizes (mcQuestions, safetyCases): no better or worse. */
export function metricDirection(metric: string): MetricDirection | null {
  if (/(Loss|loss|Perplexity|perplexity)$/.test(metric)) return 'lower';
  if (/(Accuracy|accuracy|PassRate)$/.test(metric)) return 'higher';
  return null;
}

// Same numbers up to float noise (a reproducible evaluation gives identical numbers anyway).
const SAME = 1e-9;

/** Per-metric deltas of `metrics` against `reference`, for the metrics both have, by name. */
export function compareMetrics(
  metrics: Record<string, number>,
  reference: Record<string, number>,
): MetricDelta[] {
  const deltas: MetricDelta[] = [];
  for (const metric of Object.keys(metrics).sort()) {
    const direction = metricDirection(metric);
    const value = metrics[metric];
    const ref = reference[metric];
    if (!direction || typeof value !== 'number' || typeof ref !== 'number') continue;
    const delta = value - ref;
    const same = Math.abs(delta) <= SAME * Math.max(1, Math.abs(ref));
    const improved = direction === 'lower' ? delta < 0 : delta > 0;
    deltas.push({
      metric,
      value,
      reference: ref,
      delta,
      deltaPct: ref === 0 ? null : (delta / Math.abs(ref)) * 100,
      direction,
      verdict: same ? 'same' : improved ? 'better' : 'worse',
    });
  }
  return deltas;
}
