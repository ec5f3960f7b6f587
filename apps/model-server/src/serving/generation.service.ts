import type { GenerateRequest, GenerationChunk, GenerationResult } from '@alloy/inference';
import { Inject, Injectable } from '@nestjs/common';
import {
  generatedTokens,
  requestsTotal,
  timeToFirstToken,
  tokensPerSecond,
} from '../metrics/metrics';
import { ServingError, toServingError } from '../common/serving-error';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/server-config';
import { type ModelSelector, ModelRouter, type RoutedModel } from './model-router.service';
import { checkPrompt } from './prompt-limits';
import { StreamDrain } from './stream-drain';
import { StreamSlots } from './stream-slots';
import { currentCaller } from '../auth/caller';
import { InferenceRateLimiter } from '../auth/inference-rate-limiter';
import { currentAudit } from '../audit/audit-draft';
import { InferencePlugins } from '../plugins/inference-plugins.service';
import {
  processResponse,
  processStream,
  requestView,
  screenRequest,
} from '../plugins/plugin-request';

export type ApiSurface = 'rest' | 'openai' | 'grpc';

export interface RoutedResult extends GenerationResult {
  routed: RoutedModel;
  /** Notes the model's plugins added for the caller (e.g. "risk disclosure appended"). */
  annotations: string[];
}

export interface RoutedStream {
  routed: RoutedModel;
  chunks: AsyncIterable<GenerationChunk>;
}

/** Generation through the router, with the metrics and limits every surface shares. */
@Injectable()
export class GenerationService {
  readonly streams: StreamSlots;

  constructor(
    private readonly router: ModelRouter,
    private readonly limiter: InferenceRateLimiter,
    private readonly plugins: InferencePlugins,
    private readonly drain: StreamDrain,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {
    this.streams = new StreamSlots(config.limits.maxStreamsPerKey);
  }

  async generate(
    selector: ModelSelector,
    request: GenerateRequest,
    api: ApiSurface,
    signal: AbortSignal,
  ): Promise<RoutedResult> {
    const audit = currentAudit();
    audit?.asked(selector);
    checkPrompt(request, this.config.limits.maxPromptChars);
    audit?.asks(request);
    const routed = this.router.route(selector);
    audit?.routed(routed);
    const labels = { model: `${routed.model}@${routed.version}`, api };
    try {
      const bindings = await this.plugins.bindingsFor(routed);
      let view = requestView(api, routed, request);
      if (bindings.length) ({ request, view } = await screenRequest(bindings, view, request));
      const generated = await this.router.registry.generate(routed.registryId, request, {
        signal,
      });
      const { text, annotations } = bindings.length
        ? await processResponse(bindings, view, generated.text)
        : { text: generated.text, annotations: [] };
      const result = { ...generated, text };
      audit?.answered(result.usage.promptTokens, result.usage.completionTokens, result.text);
      timeToFirstToken.observe(labels, result.timings.timeToFirstTokenMs / 1000);
      const decodeMs = result.timings.totalMs - result.timings.timeToFirstTokenMs;
      if (result.usage.completionTokens > 1 && decodeMs > 0)
        tokensPerSecond.observe(labels, (result.usage.completionTokens - 1) / (decodeMs / 1000));
      generatedTokens.inc(labels, result.usage.completionTokens);
      void this.limiter
        .spend(currentCaller(), result.usage.completionTokens)
        .catch(() => undefined);
      requestsTotal.inc({ ...labels, outcome: 'ok' });
      return { ...result, routed, annotations };
    } catch (error) {
      requestsTotal.inc({ ...labels, outcome: toServingError(error).code });
      throw error;
    }
  }

  /**
   * Errors before the first chunk (too many streams for the key, bad parameters, prompt too long,
   * overload) throw here. The key's stream slot is held until the stream ends or its client goes.
   */
  async stream(
    selector: ModelSelector,
    request: GenerateRequest,
    api: ApiSurface,
    signal: AbortSignal,
  ): Promise<RoutedStream> {
    const audit = currentAudit();
    if (audit) audit.stream = true;
    audit?.asked(selector);
    // A stream begun now would be cut by the shutdown under way: the client retries elsewhere.
    if (this.drain.draining) throw ServingError.shuttingDown();
    const caller = currentCaller();
    const releaseSlot = caller ? this.streams.take(caller.credentialId) : () => undefined;
    const untrack = this.drain.track();
    const release = () => {
      releaseSlot();
      untrack();
    };
    signal.addEventListener('abort', release, { once: true });
    let routed: RoutedModel;
    let chunks: AsyncIterable<GenerationChunk>;
    try {
      checkPrompt(request, this.config.limits.maxPromptChars);
      audit?.asks(request);
      routed = this.router.route(selector);
      audit?.routed(routed);
    } catch (error) {
      release();
      throw error;
    }
    const labels = { model: `${routed.model}@${routed.version}`, api };
    const started = performance.now();
    try {
      const bindings = await this.plugins.bindingsFor(routed);
      let view = requestView(api, routed, request);
      if (bindings.length) ({ request, view } = await screenRequest(bindings, view, request));
      const raw = await this.router.registry.stream(routed.registryId, request, {
        signal: AbortSignal.any([signal, this.drain.signal]),
      });
      chunks = bindings.length ? processStream(bindings, view, raw) : raw;
    } catch (error) {
      release();
      requestsTotal.inc({ ...labels, outcome: toServingError(error).code });
      throw error;
    }
    const spend = (tokens: number) =>
      void this.limiter.spend(caller, tokens).catch(() => undefined);
    const shutdown = this.drain.signal;
    async function* measured(): AsyncGenerator<GenerationChunk> {
      let first = 0;
      let tokens = 0;
      let promptTokens: number | null = null;
      let text = '';
      try {
        for await (const chunk of chunks) {
          if (chunk.tokenIds.length && !first) {
            first = performance.now();
            timeToFirstToken.observe(labels, (first - started) / 1000);
          }
          tokens += chunk.tokenIds.length;
          text += chunk.text;
          promptTokens = chunk.usage?.promptTokens ?? promptTokens;
          yield chunk;
        }
        requestsTotal.inc({ ...labels, outcome: 'ok' });
      } catch (caught) {
        // cut by the end of the shutdown drain, not by its client: say so, never end it quietly
        const error = shutdown.aborted && !signal.aborted ? ServingError.shuttingDown() : caught;
        requestsTotal.inc({ ...labels, outcome: toServingError(error).code });
        audit?.failed(error);
        throw error;
      } finally {
        release();
        // a consumer that stopped reading (the client went away) ends the stream early
        if (signal.aborted) audit?.cancelled();
        audit?.answered(promptTokens, tokens, text);
        generatedTokens.inc(labels, tokens);
        spend(tokens);
        const decodeMs = performance.now() - first;
        if (first && tokens > 1 && decodeMs > 0)
          tokensPerSecond.observe(labels, (tokens - 1) / (decodeMs / 1000));
      }
    }
    return { routed, chunks: measured() };
  }
}
