/**
 * Whether a smaller value of a metric is the better one. Evaluators and trainers name their
 * metrics freely; losses, perplexities, error and violation rates and latencies go down as a
 * model improves, the rest (accuracy, pass rates, scores) go up.
 */
export function lowerIsBetter(metric: string): boolean {
  return /loss|perplexity|ppl|error|latency|violation|fail|_ms$|_seconds$/i.test(metric);
}

export type Verdict = 'better' | 'worse' | 'same';

/** How a run's value compares with a reference (the parent's or the base's), if both are known. */
export function verdict(
  metric: string,
  value: number | undefined,
  reference: number | undefined,
): Verdict | null {
  if (value === undefined || reference === undefined) return null;
  // Differences below a part in a million are noise of float formatting, not a change.
  const scale = Math.max(Math.abs(value), Math.abs(reference), 1e-12);
  if (Math.abs(value - reference) / scale < 1e-6) return 'same';
  const up = value > reference;
  return up !== lowerIsBetter(metric) ? 'better' : 'worse';
}

/** A metric as read in a table: four significant digits, no exponent for ordinary values. */
export function formatMetric(value: number | undefined): string {
  if (value === undefined) return '—';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : value.toPrecision(4);
}
