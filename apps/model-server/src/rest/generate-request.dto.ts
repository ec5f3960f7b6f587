import type { GenerateRequest } from '@alloy/inference';
import { z } from 'zod';
import { ServingError } from '../common/serving-error';
import { CHAT_ROLES, MAX_MESSAGES, MAX_NEW_TOKENS } from '../serving/prompt-limits';

const message = z.object({ role: z.enum(CHAT_ROLES), content: z.string() }).strict();

/** The body of `POST /v1/models/...:generate`. Ranges are checked again by the engine. */
export const generateBodySchema = z
  .object({
    prompt: z.string().optional(),
    messages: z.array(message).min(1).max(MAX_MESSAGES).optional(),
    maxTokens: z.number().int().min(1).max(MAX_NEW_TOKENS).optional(),
    temperature: z.number().min(0).max(10).optional(),
    topK: z.number().int().min(0).optional(),
    topP: z.number().gt(0).max(1).optional(),
    repetitionPenalty: z.number().gt(0).max(10).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
    logprobs: z.boolean().optional(),
    topLogprobs: z.number().int().min(0).max(20).optional(),
    stream: z.boolean().optional(),
    /** Generate exactly maxTokens tokens (benchmarks and load tests). */
    ignoreEos: z.boolean().optional(),
  })
  .strict();

export type GenerateBody = z.infer<typeof generateBodySchema>;

/** Exactly one of `prompt` and `messages`. */
export function toGenerateRequest(body: GenerateBody): GenerateRequest {
  if ((body.prompt === undefined) === (body.messages === undefined))
    throw ServingError.invalid('prompt', 'give exactly one of prompt and messages');
  return {
    prompt: body.prompt,
    messages: body.messages,
    maxTokens: body.maxTokens,
    temperature: body.temperature,
    topK: body.topK,
    topP: body.topP,
    repetitionPenalty: body.repetitionPenalty,
    seed: body.seed,
    stop: typeof body.stop === 'string' ? [body.stop] : body.stop,
    logprobs: body.logprobs,
    topLogprobs: body.topLogprobs,
    ignoreEos: body.ignoreEos,
  };
}
