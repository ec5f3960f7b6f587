import type { GenerateRequest } from '@alloy/inference';
import { z } from 'zod';
import { ServingError } from '../common/serving-error';
import type { ModelSelector } from '../serving/model-router.service';

const stop = z.union([z.string(), z.array(z.string()).max(4)]).nullish();
const common = {
  model: z.string().min(1).max(200),
  max_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  n: z.literal(1).nullish(),
  stop,
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  frequency_penalty: z.literal(0).nullish(),
  presence_penalty: z.literal(0).nullish(),
  user: z.string().max(256).nullish(),
  // Alloy extensions the OpenAI clients pass through as extra body fields.
  top_k: z.number().int().min(0).nullish(),
  repetition_penalty: z.number().gt(0).max(10).nullish(),
};

const content = z.union([
  z.string(),
  z.array(z.object({ type: z.literal('text'), text: z.string() })),
]);

export const chatCompletionSchema = z.object({
  ...common,
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'developer', 'user', 'assistant']),
        content: content.nullish(),
        name: z.string().nullish(),
      }),
    )
    .min(1)
    .max(256),
  max_completion_tokens: z.number().int().min(1).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
});

export const completionSchema = z.object({
  ...common,
  prompt: z.string(),
  echo: z.literal(false).nullish(),
  logprobs: z.number().int().min(0).max(5).nullish(),
});

export type ChatCompletionBody = z.infer<typeof chatCompletionSchema>;
export type CompletionBody = z.infer<typeof completionSchema>;

const MODEL_ID = /^([a-z0-9][a-z0-9-]{0,127})(?:@([1-9]\d{0,8})|:([a-z][a-z0-9-]{0,62}))?$/;

/** `<model>`, `<model>@<version>` or `<model>:<alias>`. */
export function parseModelId(id: string): ModelSelector {
  const match = MODEL_ID.exec(id);
  if (!match)
    throw ServingError.invalid('model', 'must be <model>, <model>@<version> or <model>:<alias>');
  return {
    model: match[1],
    version: match[2] ? Number(match[2]) : undefined,
    alias: match[3],
  };
}

function sampling(body: ChatCompletionBody | CompletionBody): GenerateRequest {
  const undef = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
  return {
    temperature: undef(body.temperature),
    topP: undef(body.top_p),
    topK: undef(body.top_k),
    repetitionPenalty: undef(body.repetition_penalty),
    seed: undef(body.seed),
    stop: typeof body.stop === 'string' ? [body.stop] : undef(body.stop),
  };
}

function text(value: z.infer<typeof content> | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : value.map((part) => part.text).join('');
}

export function chatRequest(body: ChatCompletionBody): GenerateRequest {
  return {
    ...sampling(body),
    messages: body.messages.map((m) => ({
      role: m.role === 'developer' ? 'system' : m.role,
      content: text(m.content),
    })),
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    logprobs: body.logprobs ?? undefined,
    topLogprobs: body.top_logprobs ?? undefined,
  };
}

export function completionRequest(body: CompletionBody): GenerateRequest {
  return {
    ...sampling(body),
    prompt: body.prompt,
    // OpenAI's default for the legacy completions endpoint.
    maxTokens: body.max_tokens ?? 16,
  };
}
