import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { errorBody, toServingError } from '../common/serving-error';
import { sendEvent, startSse } from '../common/sse';
import { GenerationService } from '../serving/generation.service';
import type { ModelSelector } from '../serving/model-router.service';
import { type GenerateBody, generateBodySchema, toGenerateRequest } from './generate-request.dto';

/** Answers a generate call as one JSON body or as Server-Sent Events. */
@Injectable()
export class RestGenerateService {
  readonly schema = generateBodySchema;

  constructor(private readonly generation: GenerationService) {}

  async handle(
    selector: ModelSelector,
    body: GenerateBody,
    res: Response,
    signal: AbortSignal,
  ): Promise<void> {
    const request = toGenerateRequest(body);
    if (!body.stream) {
      const result = await this.generation.generate(selector, request, 'rest', signal);
      res.setHeader('X-Alloy-Model-Version', `${result.routed.model}@${result.routed.version}`);
      res.status(200).json({
        model: result.routed.model,
        version: result.routed.version,
        route: result.routed.route,
        text: result.text,
        tokenIds: result.tokenIds,
        finishReason: result.finishReason,
        usage: result.usage,
        timings: result.timings,
        ...(result.logprobs ? { logprobs: result.logprobs } : {}),
        ...(result.annotations.length ? { annotations: result.annotations } : {}),
      });
      return;
    }
    // Errors up to here (404, 400, 429) are still plain HTTP answers.
    const { routed, chunks } = await this.generation.stream(selector, request, 'rest', signal);
    res.setHeader('X-Alloy-Model-Version', `${routed.model}@${routed.version}`);
    startSse(res);
    try {
      for await (const chunk of chunks) {
        if (signal.aborted) break;
        sendEvent(res, { model: routed.model, version: routed.version, ...chunk });
      }
      if (!signal.aborted) sendEvent(res, '[DONE]');
    } catch (error) {
      if (!signal.aborted) sendEvent(res, errorBody(toServingError(error)), 'error');
    }
    res.end();
  }
}
