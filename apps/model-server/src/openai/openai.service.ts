import { randomUUID } from 'node:crypto';
import type { GenerationChunk, TokenLogprob, Usage } from '@alloy/inference';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { errorBody, toServingError } from '../common/serving-error';
import { sendEvent, startSse } from '../common/sse';
import { GenerationService } from '../serving/generation.service';
import { ModelRouter } from '../serving/model-router.service';
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

/** Shapes Alloy's generations as OpenAI chat completions and completions. */
@Injectable()
export class OpenAiService {
  private readonly started = Math.floor(Date.now() / 1000);

  constructor(
    private readonly generation: GenerationService,
    private readonly router: ModelRouter,
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
      piece: (chunk) => ({
        ...base,
        choices: [
          {
            index: 0,
            delta: chunk.text ? { content: chunk.text } : {},
            logprobs: chunk.logprobs ? chatLogprobs(chunk.logprobs) : null,
            finish_reason: chunk.finishReason ?? null,
          },
        ],
      }),
      usage: (u) => ({ ...base, choices: [], usage: usage(u) }),
    });
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
        if (chunk.text || chunk.finishReason || chunk.logprobs) sendEvent(res, shape.piece(chunk));
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
