import { listEvaluators, listTools, runEvaluator } from '@alloy/plugin-host';
import { Injectable } from '@nestjs/common';
import { ServingError, ServingErrorCode } from '../common/serving-error';
import { GenerationService } from '../serving/generation.service';
import { type ModelSelector, ModelRouter } from '../serving/model-router.service';
import { InferencePlugins } from './inference-plugins.service';

/** Tokens an evaluation case may generate when the evaluator does not say. */
const DEFAULT_CASE_TOKENS = 32;

export interface ModelPlugins {
  model: string;
  version: number;
  plugins: { id: string; version: string }[];
  tools: { name: string; description: string; plugin: string }[];
  evaluators: { name: string; description: string; plugin: string }[];
}

export interface ModelEvaluation {
  model: string;
  version: number;
  evaluator: string;
  plugin: string;
  metrics: Record<string, number>;
  cases: number;
  failures: number;
}

@Injectable()
export class ModelPluginsService {
  constructor(
    private readonly router: ModelRouter,
    private readonly inferencePlugins: InferencePlugins,
    private readonly generation: GenerationService,
  ) {}

  async describe(model: string): Promise<ModelPlugins> {
    const routed = this.router.route({ model });
    const bindings = await this.inferencePlugins.bindingsFor(routed);
    return {
      model: routed.model,
      version: routed.version,
      plugins: bindings.map((b) => ({ id: b.handle.id, version: b.handle.version })),
      tools: (await listTools(bindings)).map((t) => ({
        name: t.function.name,
        description: t.function.description,
        plugin: t.pluginId,
      })),
      evaluators: (await listEvaluators(bindings)).map((e) => ({
        name: e.name,
        description: e.description,
        plugin: e.pluginId,
      })),
    };
  }

  /**
   * Runs an evaluator's cases through the version (the one named, or one drawn by the split, then
   * kept for every case) with the plugins' request and response hooks, as users are served.
   */
  async evaluate(
    selector: ModelSelector,
    evaluator: string,
    signal: AbortSignal,
  ): Promise<ModelEvaluation> {
    const routed = this.router.route(selector);
    const pinned = { model: selector.model, version: routed.version };
    const bindings = await this.inferencePlugins.bindingsFor(routed);
    const offered = await listEvaluators(bindings);
    const found = offered.find((e) => e.name === evaluator);
    const binding = bindings.find((b) => b.handle.id === found?.pluginId);
    if (!found || !binding) {
      throw new ServingError(
        404,
        ServingErrorCode.NOT_FOUND,
        `evaluator: no plugin enabled for ${routed.model} offers "${evaluator}" (it has ${offered.map((e) => e.name).join(', ') || 'none'})`,
        'evaluator',
      );
    }
    const run = await runEvaluator(binding, evaluator, async (c) => {
      const request = c.messages
        ? { messages: c.messages.map((m) => ({ role: m.role, content: m.content })) }
        : { prompt: c.prompt ?? '' };
      const result = await this.generation.generate(
        pinned,
        { ...request, maxTokens: c.maxTokens ?? DEFAULT_CASE_TOKENS, temperature: 0 },
        'rest',
        signal,
      );
      return result.text;
    });
    return {
      model: routed.model,
      version: routed.version,
      evaluator,
      plugin: found.pluginId,
      metrics: run.metrics,
      cases: run.cases.length,
      failures: run.failures,
    };
  }
}
