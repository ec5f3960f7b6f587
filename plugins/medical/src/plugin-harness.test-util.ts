import type {
  DatasetRecord,
  DatasetRecordContext,
  EvalCase,
  HookContext,
  InferenceRequest,
  PluginDefinition,
} from '@alloy/plugin-sdk';
import { segmentText } from '@alloy/plugin-sdk';

/**
 * Drives a plugin's hooks the way the host does (configuration defaults from the schema, streamed
 * responses cut by the SDK's segmenter), with the same calls as the SDK's test harness.
 */
export function createPluginDriver<Config>(
  plugin: PluginDefinition<Config>,
  options: { config?: Partial<Config> } = {},
) {
  const properties = (plugin.manifest.config?.['properties'] ?? {}) as Record<
    string,
    { default?: unknown }
  >;
  const defaults = Object.fromEntries(
    Object.entries(properties)
      .filter(([, p]) => p.default !== undefined)
      .map(([k, p]) => [k, p.default]),
  );
  const context = (): HookContext<Config> => ({
    config: { ...defaults, ...options.config } as Config,
    organizationId: 'org_test',
    domain: plugin.manifest.domains[0],
    model: 'test-model',
  });
  const fullRequest = (partial: Partial<InferenceRequest>): InferenceRequest => ({
    api: 'rest',
    model: 'test-model',
    version: 1,
    ...partial,
  });
  return {
    async datasetRecord(
      record: DatasetRecord,
      { kind, line = 1 }: { kind: DatasetRecordContext['kind']; line?: number },
    ): Promise<{ record: DatasetRecord } | { drop: string }> {
      const result = await plugin.hooks?.['dataset.record']?.(record, { ...context(), kind, line });
      if (result && 'drop' in result) return { drop: result.drop };
      return { record: result ?? record };
    },
    async request(partial: Partial<InferenceRequest>) {
      const request = fullRequest(partial);
      const result = await plugin.hooks?.['inference.request']?.(request, context());
      if (!result) return { outcome: 'pass' as const };
      if ('refuse' in result) return { outcome: 'refuse' as const, reason: result.refuse };
      return { outcome: 'rewrite' as const, request: { ...request, ...result } };
    },
    async respond(
      text: string,
      { request, stream = false }: { request?: Partial<InferenceRequest>; stream?: boolean } = {},
    ) {
      const req = fullRequest({ messages: [{ role: 'user', content: '' }], ...request });
      const segments = stream ? segmentText(text) : [text];
      let sentSoFar = '';
      const annotations: string[] = [];
      for (const [index, segment] of segments.entries()) {
        const final = index === segments.length - 1;
        const result = await plugin.hooks?.['inference.response']?.(
          { request: req, text: segment, sentSoFar, index, final },
          context(),
        );
        sentSoFar += result?.text ?? segment;
        annotations.push(...(result?.annotations ?? []));
      }
      return { text: sentSoFar, annotations };
    },
    async callTool(name: string, args: Record<string, unknown>) {
      const tool = plugin.tools?.find((t) => t.name === name);
      if (!tool) throw new Error(`no tool ${name}`);
      return tool.handler(args, context());
    },
    async evaluate(name: string, generate: (evalCase: EvalCase) => string) {
      const evaluator = plugin.evaluators?.find((e) => e.name === name);
      if (!evaluator) throw new Error(`no evaluator ${name}`);
      const perCase = evaluator.cases(context()).map((evalCase) => {
        const output = generate(evalCase);
        return { id: evalCase.id, output, metrics: evaluator.score(evalCase, output, context()) };
      });
      const metrics: Record<string, number> = {};
      for (const c of perCase) {
        for (const [k, v] of Object.entries(c.metrics))
          metrics[k] = (metrics[k] ?? 0) + v;
      }
      for (const k of Object.keys(metrics)) metrics[k] /= perCase.length;
      return { metrics, cases: perCase.length, perCase };
    },
  };
}
