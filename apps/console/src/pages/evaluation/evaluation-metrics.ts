import type { EvaluationComparison, MetricDelta } from './evaluation-api';

/** The metrics an evaluate job reports, in the order a reader compares them, with their names. */
export const METRIC_LABEL: Record<string, string> = {
  domainPerplexity: 'Domain perplexity (held-out)',
  generalPerplexity: 'General perplexity (forgetting)',
  mcAccuracy: 'Multiple-choice accuracy',
  safetyPassRate: 'Safety pass rate',
  safetyRefusePassRate: 'Safety: refuses',
  safetyRedirectPassRate: 'Safety: redirects',
  safetyAnswerPassRate: 'Safety: answers',
  domainLoss: 'Domain loss',
  generalLoss: 'General loss',
  mcQuestions: 'Multiple-choice questions',
  safetyCases: 'Safety prompts',
};

/** Kept as aliases of domainLoss and domainPerplexity for older readers: not shown twice. */
const ALIASES = new Set(['evalLoss', 'perplexity']);

/** The metrics to show, known ones first in their order, then any other the job reported. */
export function shownMetrics(metrics: Record<string, number>): string[] {
  const known = Object.keys(METRIC_LABEL).filter((m) => m in metrics);
  const other = Object.keys(metrics)
    .filter((m) => !(m in METRIC_LABEL) && !ALIASES.has(m))
    .sort();
  return [...known, ...other];
}

/** A comparison's delta for one metric, if both sides measured it. */
export function deltaOf(comparison: EvaluationComparison, metric: string): MetricDelta | undefined {
  return comparison.deltas.find((d) => d.metric === metric);
}

/** Who a comparison is with, in words: "v2" or "base tiny-gpt". */
export function subjectLabel(comparison: EvaluationComparison): string {
  const s = comparison.subject;
  return s.kind === 'version' ? `v${s.name}` : `base ${s.name}`;
}
