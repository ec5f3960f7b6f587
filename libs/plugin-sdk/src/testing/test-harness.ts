import { resolveConfig } from '../config';
import {
  aggregateMetrics,
  evalCasesProblem,
  normaliseRecordResult,
  normaliseRequestResult,
  normaliseResponseResult,
  normaliseScores,
  normaliseToolResult,
  validateDefinition,
  validateToolArguments,
} from '../results';
import { ResponseSegmenter } from '../segmenter';
import type {
  ChatMessage,
  DatasetRecord,
  DatasetRecordContext,
  EvalCase,
  HookContext,
  InferenceRequest,
  InferenceResponse,
  JsonSchema,
  PluginDefinition,
} from '../types';

/** Where the harness pretends the plugin runs. */
export interface TestHarnessOptions {
  /** The organisation's configuration of the plugin; validated and defaulted like Alloy does. */
  config?: unknown;
  /** Defaults to the manifest's first domain. */
  domain?: string;
  organizationId?: string;
  model?: string;
}

/** A request for {@link TestHarness.request}: `messages` or `prompt`, the rest defaulted. */
export type TestRequest = Partial<InferenceRequest> &
  ({ messages: ChatMessage[]; prompt?: undefined } | { prompt: string; messages?: undefined });

/** What the server would do with a request after the plugin's `inference.request` hook. */
export type RequestHookOutcome =
  | { outcome: 'pass' }
  | { outcome: 'rewrite'; request: InferenceRequest }
  | { outcome: 'refuse'; reason: string };

/** One evaluated case. */
export interface EvaluatedCase {
  id: string;
  output: string;
  metrics: Record<string, number>;
}

/** An evaluator's result: each metric's mean over the cases. */
export interface EvaluationResult {
  metrics: Record<string, number>;
  cases: number;
  perCase: EvaluatedCase[];
}

/** Runs one plugin's hooks in-process, with the same checks of their results as Alloy's host. */
export interface TestHarness<Config = Record<string, unknown>> {
  /** The configuration the hooks see, defaults applied. */
  readonly config: Config;
  /** Runs `dataset.record` on a record; a plugin without the hook keeps every record. */
  datasetRecord(
    record: DatasetRecord,
    options: { kind: DatasetRecordContext['kind']; line?: number },
  ): Promise<{ record: DatasetRecord } | { drop: string }>;
  /** Runs `inference.request` on a request. */
  request(request: TestRequest): Promise<RequestHookOutcome>;
  /**
   * Runs `inference.response` on a model output: as one final segment, or with `stream: true`
   * cut into segments exactly as the host cuts a stream.
   */
  respond(
    text: string,
    options?: { request?: Partial<InferenceRequest>; stream?: boolean },
  ): Promise<{ text: string; annotations: string[] }>;
  /** Calls a tool with arguments validated against its parameters schema. */
  callTool(name: string, args: unknown): Promise<unknown>;
  /** The plugin's tools as the model is told about them. */
  tools(): { name: string; description: string; parameters: JsonSchema }[];
  /** Runs an evaluator's cases through `generate` (your stand-in for the model) and scores them. */
  evaluate(
    name: string,
    generate: (evalCase: EvalCase) => string | Promise<string>,
  ): Promise<EvaluationResult>;
}

/** Plugin code in Alloy only ever sees copies of plain JSON, so the harness hands it the same. */
function viaJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * Creates a harness to unit-test a plugin without Alloy. The definition and the configuration
 * are validated first; the harness throws with the list of problems when either is wrong.
 */
export function createTestHarness<Config = Record<string, unknown>>(
  plugin: PluginDefinition<Config>,
  options: TestHarnessOptions = {},
): TestHarness<Config> {
  const checked = validateDefinition(plugin);
  if (!checked.ok) throw new Error(`invalid plugin definition:\n  ${checked.errors.join('\n  ')}`);
  const definition = checked.definition;
  const { manifest } = definition;
  const resolved = resolveConfig(manifest, options.config);
  if (!resolved.ok)
    throw new Error(`invalid configuration of ${manifest.id}:\n  ${resolved.errors.join('\n  ')}`);
  const domain = options.domain ?? manifest.domains[0];
  if (domain !== undefined && manifest.domains.length > 0 && !manifest.domains.includes(domain)) {
    throw new Error(
      `${manifest.id} does not apply to domain "${domain}" (it declares ${manifest.domains.join(', ')})`,
    );
  }
  const model = options.model ?? 'test-model';
  const context = (): HookContext => ({
    config: viaJson(resolved.config),
    organizationId: options.organizationId ?? 'org_test',
    ...(domain === undefined ? {} : { domain }),
    model,
  });
  const fail = (hook: string, reason: string): Error =>
    new Error(`${manifest.id} returned an invalid ${hook} result: ${reason}`);
  const hooks = definition.hooks ?? {};

  const fullRequest = (partial: Partial<InferenceRequest>): InferenceRequest => ({
    api: 'rest',
    model,
    version: 1,
    ...partial,
  });

  return {
    config: resolved.config as Config,

    async datasetRecord(record, { kind, line = 1 }) {
      const hook = hooks['dataset.record'];
      if (hook === undefined) return { record };
      const result: unknown = viaJson(await hook(viaJson(record), { ...context(), kind, line }));
      const outcome = normaliseRecordResult(kind, result, record);
      if ('invalid' in outcome) throw fail('dataset.record', outcome.invalid);
      return outcome;
    },

    async request(partial) {
      if ((partial.messages === undefined) === (partial.prompt === undefined)) {
        throw new Error('a request has exactly one of messages and prompt');
      }
      const request = fullRequest(partial);
      const hook = hooks['inference.request'];
      if (hook === undefined) return { outcome: 'pass' };
      const result: unknown = viaJson(await hook(viaJson(request), context()));
      const outcome = normaliseRequestResult(request, result);
      if ('invalid' in outcome) throw fail('inference.request', outcome.invalid);
      if ('refuse' in outcome) return { outcome: 'refuse', reason: outcome.refuse };
      if ('rewrite' in outcome) return { outcome: 'rewrite', request: outcome.rewrite };
      return { outcome: 'pass' };
    },

    async respond(text, { request: partial, stream = false } = {}) {
      const request = fullRequest({ messages: [{ role: 'user', content: '' }], ...partial });
      const hook = hooks['inference.response'];
      const segments: { text: string; final: boolean }[] = [];
      if (stream) {
        const segmenter = new ResponseSegmenter();
        for (const segment of segmenter.push(text)) segments.push({ text: segment, final: false });
        segments.push({ text: segmenter.flush(), final: true });
      } else segments.push({ text, final: true });
      if (hook === undefined) return { text, annotations: [] };
      let sentSoFar = '';
      const annotations: string[] = [];
      for (const [index, segment] of segments.entries()) {
        const input: InferenceResponse = {
          request,
          text: segment.text,
          sentSoFar,
          index,
          final: segment.final,
        };
        const result: unknown = viaJson(await hook(viaJson(input), context()));
        const outcome = normaliseResponseResult(input, result);
        if ('invalid' in outcome) throw fail('inference.response', outcome.invalid);
        sentSoFar += outcome.text;
        annotations.push(...outcome.annotations);
      }
      return { text: sentSoFar, annotations };
    },

    async callTool(name, args) {
      const tool = definition.tools?.find((t) => t.name === name);
      if (tool === undefined) throw new Error(`${manifest.id} has no tool "${name}"`);
      const checkedArgs = validateToolArguments(tool.parameters, args);
      if (!checkedArgs.ok) throw new Error(`tool ${name}: ${checkedArgs.errors.join('; ')}`);
      const outcome = normaliseToolResult(await tool.handler(checkedArgs.args, context()));
      if ('invalid' in outcome) throw fail(`tool ${name}`, outcome.invalid);
      return outcome.value;
    },

    tools() {
      return (definition.tools ?? []).map(({ name, description, parameters }) => ({
        name,
        description,
        parameters: viaJson(parameters),
      }));
    },

    async evaluate(name, generate) {
      const evaluator = definition.evaluators?.find((e) => e.name === name);
      if (evaluator === undefined) throw new Error(`${manifest.id} has no evaluator "${name}"`);
      const cases: unknown = viaJson(evaluator.cases(context()));
      const problem = evalCasesProblem(cases);
      if (problem !== undefined) throw fail(`evaluator ${name}`, problem);
      const perCase: EvaluatedCase[] = [];
      for (const evalCase of cases as EvalCase[]) {
        const output = await generate(viaJson(evalCase));
        if (typeof output !== 'string')
          throw new Error(
            `generate returned ${typeof output} for case ${evalCase.id}, not a string`,
          );
        const scored = normaliseScores(
          viaJson(evaluator.score(viaJson(evalCase), output, context())),
        );
        if ('invalid' in scored)
          throw fail(`evaluator ${name} (case ${evalCase.id})`, scored.invalid);
        perCase.push({ id: evalCase.id, output, metrics: scored.metrics });
      }
      return { metrics: aggregateMetrics(perCase).metrics, cases: perCase.length, perCase };
    },
  };
}
