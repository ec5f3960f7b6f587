import type { GenerateRequest, GenerationChunk } from '@alloy/inference';
import { type PluginBinding, ResponsePipeline, runRequestHooks } from '@alloy/plugin-host';
import type { ChatMessage, InferenceRequest } from '@alloy/plugin-sdk';
import { ServingError } from '../common/serving-error';
import type { ApiSurface } from '../serving/generation.service';
import type { RoutedModel } from '../serving/model-router.service';

/** The request as plugins see it. */
export function requestView(
  api: ApiSurface,
  routed: RoutedModel,
  request: GenerateRequest,
): InferenceRequest {
  return {
    api,
    model: routed.model,
    version: routed.version,
    ...(request.messages
      ? {
          messages: request.messages.map(
            (m) => ({ role: m.role, content: m.content }) as ChatMessage,
          ),
        }
      : { prompt: request.prompt ?? '' }),
    maxTokens: request.maxTokens,
  };
}

/**
 * Runs the `inference.request` hooks: the request to generate from (possibly rewritten), or a
 * refusal the caller reads (422 REFUSED_BY_PLUGIN).
 */
export async function screenRequest(
  bindings: PluginBinding[],
  view: InferenceRequest,
  request: GenerateRequest,
): Promise<{ request: GenerateRequest; view: InferenceRequest }> {
  const outcome = await runRequestHooks(bindings, view);
  if (outcome.outcome === 'refuse')
    throw ServingError.refusedByPlugin(outcome.pluginId, outcome.reason);
  const rewritten = outcome.request;
  // Only what a plugin may change is taken back: the messages or the prompt.
  const next: GenerateRequest = request.messages
    ? {
        ...request,
        messages: (rewritten.messages ?? request.messages).map((m) => ({
          role: m.role,
          content: m.content,
        })),
      }
    : { ...request, prompt: rewritten.prompt ?? request.prompt };
  return { request: next, view: rewritten };
}

/** Runs a whole response through the `inference.response` hooks (one final segment). */
export async function processResponse(
  bindings: PluginBinding[],
  view: InferenceRequest,
  text: string,
): Promise<{ text: string; annotations: string[] }> {
  const pipeline = new ResponsePipeline(bindings, view);
  const processed = await pipeline.processWhole(text);
  return { text: processed, annotations: pipeline.annotations };
}

/**
 * Streams through the `inference.response` hooks: text is held until a segment (a sentence or a
 * line) is complete, then sent as the plugins left it; token ids and usage pass through as they
 * came. The chunk that ends the stream carries the rest, after each plugin's final call.
 */
/** A streamed chunk; the last one carries the plugins' notes. */
export type AnnotatedChunk = GenerationChunk & { annotations?: string[] };

export async function* processStream(
  bindings: PluginBinding[],
  view: InferenceRequest,
  chunks: AsyncIterable<GenerationChunk>,
): AsyncGenerator<AnnotatedChunk> {
  const pipeline = new ResponsePipeline(bindings, view);
  let ended = false;
  for await (const chunk of chunks) {
    let text = await pipeline.push(chunk.text);
    if (chunk.finishReason) {
      text += await pipeline.finish();
      ended = true;
    }
    // Logprobs describe the model's tokens, not the text a plugin wrote: dropped once text changes.
    yield {
      ...chunk,
      text,
      logprobs: text === chunk.text ? chunk.logprobs : undefined,
      ...(ended && pipeline.annotations.length ? { annotations: pipeline.annotations } : {}),
    };
  }
  if (!ended) {
    const rest = await pipeline.finish();
    if (rest || pipeline.annotations.length)
      yield { text: rest, tokenIds: [], annotations: pipeline.annotations };
  }
}
