import { randomUUID } from 'node:crypto';
import type { GenerationChunk, TokenLogprob, Usage } from '@alloy/inference';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { errorBody, toServingError } from '../common/serving-error';
import { sendEvent, startSse } from '../common/sse';
import { callTool, listTools } from '@alloy/plugin-host';
import { InferencePlugins } from '../plugins/inference-plugins.service';
import type { AnnotatedChunk } from '../plugins/plugin-request';
import { GenerationService } from '../serving/generation.service';
import { ModelRouter, type ModelSelector } from '../serving/model-router.service';
import type { OfferedTool } from './tool-calls';
import { runToolLoop } from './tool-loop';
import {
  type ChatCompletionBody,
  type CompletionBody,
  chatRequest,
  completionRequest,
  parseModelId,
} from './openai-request.dto';

const usage = (u: Usage): object => ({
  prompt_tokens: u.promptTokens,
  completion_tokens: u.completionTokens,
  total_tokens: u.totalTokens,
});

/** Log-probabilities as a chat completion (or one of its chunks) carries them. */
const chatLogprobs = (list: TokenLogprob[]): object => ({
  content: list.map((l) => ({
    token: l.token,
    logprob: l.logprob,
    bytes: [...Buffer.from(l.token)],
    top_logprobs: (l.topLogprobs ?? []).map((t) => ({
      token: t.token,
      logprob: t.logprob,
      bytes: [...Buffer.from(t.token)],
    })),
  })),
});

/**
 * What Alloy adds to an OpenAI response, under a key of its own so clients that do not know it
 * ignore it: notes from the model's plugins and the plugin tools that ran.
 */
function alloyExtras(
  annotations: string[],
  toolRuns?: { call: { function: { name: string } }; ok: boolean }[],
): object {
  if (!annotations.length && !toolRuns) return {};
  return {
    alloy: {
      ...(annotations.length ? { annotations } : {}),
      ...(toolRuns
        ? { tool_runs: toolRuns.map((r) => ({ name: r.call.function.name, ok: r.ok })) }
        : {}),
    },
  };
}

/** Shapes Alloy's generations as OpenAI chat completions and completions. */
@Injectable()
export class OpenAiService {
  private readonly started = Math.floor(Date.now() / 1000);

  constructor(
    private readonly generation: GenerationService,
    private readonly router: ModelRouter,
    private readonly plugins: InferencePlugins,
  ) {}

  models(): object {
    return {
      object: 'list',
      data: this.router
        .listIds()
        .map((id) => ({ id, object: 'model', created: this.started, owned_by: 'alloy' })),
    };
  }

  async chat(body: ChatCompletionBody, res: Response, signal: AbortSignal): Promise<void> {
    const selector = parseModelId(body.model);
    if (body.tools?.length && body.tool_choice !== 'none') {
      await this.chatWithTools(body, selector, res, signal);
      return;
    }
    const request = chatRequest(body);
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      const r = await this.generation.generate(selector, request, 'openai', signal);
      res.setHeader('X-Alloy-Model-Version', `${r.routed.model}@${r.routed.version}`);
      res.status(200).json({
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        system_fingerprint: `${r.routed.model}@${r.routed.version}`,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: r.text, refusal: null },
            logprobs: r.logprobs ? chatLogprobs(r.logprobs) : null,
            finish_reason: r.finishReason,
          },
        ],
        usage: usage(r.usage),
        ...alloyExtras(r.annotations),
      });
      return;
    }
    const { routed, chunks } = await this.generation.stream(selector, request, 'openai', signal);
    const base = {
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      system_fingerprint: `${routed.model}@${routed.version}`,
    };
    await this.streamChunks(res, signal, chunks, body.stream_options?.include_usage ?? false, {
      first: () => ({
        ...base,
        choices: [
          {
            index: 0,
            delta: { role: 'assistant', content: '' },
            logprobs: null,
            finish_reason: null,
          },
        ],
      }),
      piece: (chunk: AnnotatedChunk) => ({
        ...base,
        choices: [
          {
            index: 0,
            delta: chunk.text ? { content: chunk.text } : {},
            logprobs: chunk.logprobs ? chatLogprobs(chunk.logprobs) : null,
            finish_reason: chunk.finishReason ?? null,
          },
        ],
        ...alloyExtras(chunk.annotations ?? []),
      }),
      usage: (u) => ({ ...base, choices: [], usage: usage(u) }),
    });
  }

  /**
   * A chat completion that offers tools: plugin tools (named in `tools`, described by their plugin)
   * run on the server in a bounded loop; a call of one of the client's own functions is returned
   * as `tool_calls`, as OpenAI does. Every round goes to the version the first one was routed to.
   */
  private async chatWithTools(
    body: ChatCompletionBody,
    selector: ModelSelector,
    res: Response,
    signal: AbortSignal,
  ): Promise<void> {
    const routed = this.router.route(selector);
    const pinned: ModelSelector = { model: selector.model, version: routed.version };
    const bindings = await this.plugins.bindingsFor(routed);
    const pluginTools = (await listTools(bindings)).map((t) => t.function);
    const offered: OfferedTool[] = (body.tools ?? []).map(
      (t) => pluginTools.find((p) => p.name === t.function.name) ?? t.function,
    );
    const loop = await runToolLoop({
      messages: body.messages.map((m) => ({
        role: m.role,
        content:
          typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text).join(''),
        tool_calls: m.tool_calls,
        tool_call_id: m.tool_call_id,
      })),
      serverTools: new Set(pluginTools.map((t) => t.name)),
      generate: (messages) =>
        this.generation.generate(
          pinned,
          chatRequest({ ...body, messages: messages as ChatCompletionBody['messages'] }, offered),
          'openai',
          signal,
        ),
      runTool: (name, args) => callTool(bindings, name, args),
    });
    const fingerprint = `${loop.last.routed.model}@${loop.last.routed.version}`;
    const finishReason = loop.toolCalls ? 'tool_calls' : loop.last.finishReason;
    const message = {
      role: 'assistant',
      content: loop.content,
      refusal: null,
      ...(loop.toolCalls ? { tool_calls: loop.toolCalls } : {}),
    };
    const extras = alloyExtras(loop.annotations, loop.executed.length ? loop.executed : undefined);
    res.setHeader('X-Alloy-Model-Version', fingerprint);
    const base = {
      id: `chatcmpl-${randomUUID()}`,
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      system_fingerprint: fingerprint,
    };
    if (!body.stream) {
      res.status(200).json({
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage: usage(loop.usage),
        ...extras,
      });
      return;
    }
    // The rounds ran to completion before anything was sent: the answer streams as one delta.
    const chunk = (delta: object, finish: string | null) => ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
    startSse(res);
    sendEvent(res, chunk({ role: 'assistant', content: '' }, null));
    if (loop.toolCalls) {
      sendEvent(
        res,
        chunk({ tool_calls: loop.toolCalls.map((c, index) => ({ index, ...c })) }, null),
      );
    } else if (loop.content) {
      sendEvent(res, chunk({ content: loop.content }, null));
    }
    sendEvent(res, { ...chunk({}, finishReason), ...extras });
    if (body.stream_options?.include_usage)
      sendEvent(res, {
        ...base,
        object: 'chat.completion.chunk',
        choices: [],
        usage: usage(loop.usage),
      });
    sendEvent(res, '[DONE]');
    res.end();
  }

  async completions(body: CompletionBody, res: Response, signal: AbortSignal): Promise<void> {
    const selector = parseModelId(body.model);
    const request = completionRequest(body);
    const id = `cmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      const r = await this.generation.generate(selector, request, 'openai', signal);
      res.setHeader('X-Alloy-Model-Version', `${r.routed.model}@${r.routed.version}`);
      res.status(200).json({
        id,
        object: 'text_completion',
        created,
        model: body.model,
        system_fingerprint: `${r.routed.model}@${r.routed.version}`,
        choices: [{ index: 0, text: r.text, logprobs: null, finish_reason: r.finishReason }],
        usage: usage(r.usage),
      });
      return;
    }
    const { routed, chunks } = await this.generation.stream(selector, request, 'openai', signal);
    const base = {
      id,
      object: 'text_completion',
      created,
      model: body.model,
      system_fingerprint: `${routed.model}@${routed.version}`,
    };
    await this.streamChunks(res, signal, chunks, body.stream_options?.include_usage ?? false, {
      piece: (chunk) => ({
        ...base,
        choices: [
          { index: 0, text: chunk.text, logprobs: null, finish_reason: chunk.finishReason ?? null },
        ],
      }),
      usage: (u) => ({ ...base, choices: [], usage: usage(u) }),
    });
  }

  private async streamChunks(
    res: Response,
    signal: AbortSignal,
    chunks: AsyncIterable<GenerationChunk>,
    includeUsage: boolean,
    shape: {
      first?: () => object;
      piece: (chunk: GenerationChunk) => object;
      usage: (u: Usage) => object;
    },
  ): Promise<void> {
    startSse(res);
    if (shape.first) sendEvent(res, shape.first());
    try {
      let last: Usage | undefined;
      for await (const chunk of chunks) {
        if (signal.aborted) break;
        const annotated = (chunk as AnnotatedChunk).annotations?.length;
        if (chunk.text || chunk.finishReason || chunk.logprobs || annotated)
          sendEvent(res, shape.piece(chunk));
        last = chunk.usage ?? last;
      }
      if (!signal.aborted) {
        if (includeUsage && last) sendEvent(res, shape.usage(last));
        sendEvent(res, '[DONE]');
      }
    } catch (error) {
      if (!signal.aborted) sendEvent(res, errorBody(toServingError(error)));
    }
    res.end();
  }
}
