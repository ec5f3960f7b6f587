import {
  aggregateMetrics,
  evalCasesProblem,
  normaliseScores,
  type EvalCase,
} from '@alloy/plugin-sdk';
import { hookContext, type PluginBinding } from './plugin-binding';

/** An evaluator a plugin offers. */
export interface PluginEvaluator {
  name: string;
  description: string;
  pluginId: string;
}

/** One case of an evaluation run. */
export type EvaluatedCase =
  { id: string; output: string; metrics: Record<string, number> } | { id: string; error: string };

/** An evaluation run: each metric's mean over the scored cases, every case, and how many failed. */
export interface EvaluationRun {
  metrics: Record<string, number>;
  cases: EvaluatedCase[];
  failures: number;
}

/** The evaluators the bindings' plugins offer. */
export async function listEvaluators(
  bindings: readonly PluginBinding[],
): Promise<PluginEvaluator[]> {
  const list: PluginEvaluator[] = [];
  for (const binding of bindings) {
    const described = await binding.handle.describe();
    if (!described.ok) continue;
    for (const e of described.contents.evaluators) list.push({ ...e, pluginId: binding.handle.id });
  }
  return list;
}

/**
 * Runs one evaluator: asks the plugin for its cases, has `generate` produce each output (the
 * model under evaluation), and has the plugin score it. A case whose generation or scoring fails
 * counts as a failure and is left out of the means.
 */
export async function runEvaluator(
  binding: PluginBinding,
  name: string,
  generate: (evalCase: EvalCase) => Promise<string>,
): Promise<EvaluationRun> {
  const ctx = hookContext(binding);
  const cases = await binding.handle.invoke<{ cases: EvalCase[] }>(
    'evaluators',
    { op: 'cases', name, ctx },
    (value) => {
      const problem = evalCasesProblem(value);
      return problem === undefined ? { cases: value as EvalCase[] } : { invalid: problem };
    },
  );
  if (!cases.ok) {
    throw new Error(
      `evaluator ${name} of plugin ${binding.handle.id} gave no cases (${cases.kind}): ${cases.message}`,
    );
  }
  const results: EvaluatedCase[] = [];
  for (const evalCase of cases.value.cases) {
    let output: string;
    try {
      output = await generate(evalCase);
    } catch (error) {
      results.push({
        id: evalCase.id,
        error: `generation failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const scored = await binding.handle.invoke(
      'evaluators',
      { op: 'score', name, input: { evalCase, output }, ctx },
      normaliseScores,
    );
    results.push(
      scored.ok
        ? { id: evalCase.id, output, metrics: scored.value.metrics }
        : { id: evalCase.id, error: `scoring failed (${scored.kind}): ${scored.message}` },
    );
  }
  const scoredCases = results.filter(
    (r): r is Extract<EvaluatedCase, { metrics: unknown }> => 'metrics' in r,
  );
  return {
    metrics: aggregateMetrics(scoredCases).metrics,
    cases: results,
    failures: results.length - scoredCases.length,
  };
}
