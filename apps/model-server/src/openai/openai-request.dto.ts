import type { GenerateRequest } from '@alloy/inference';
import { z } from 'zod';
import { type OfferedTool, renderChat } from './tool-calls';
import { ServingError, ServingErrorCode } from '../common/serving-error';
import type { ModelSelector } from '../serving/model-router.service';
import { CHAT_ROLES, MAX_MESSAGES, MAX_NEW_TOKENS } from '../serving/prompt-limits';

/** A field OpenAI defines that Alloy cannot honour: refused, naming it, rather than ignored. */
const unsupported = z.null({ error: 'not supported by this server' }).optional();
const maxTokens = z.number().int().min(1).max(MAX_NEW_TOKENS).nullish();
const stop = z.union([z.string(), z.array(z.string()).max(4)]).nullish();
const common = {
  model: z.string().min(1).max(200),
  max_tokens: maxTokens,
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  n: z.literal(1, { error: 'only 1 is supported' }).nullish(),
  stop,
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .nullish(),
  stream: z.boolean().nullish(),
  stream_options: z
    .object({
      include_usage: z.boolean().nullish(),
      include_obfuscation: z.literal(false, { error: 'not supported by this server' }).nullish(),
    })
    .strict()
    .nullish(),
  frequency_penalty: z.literal(0, { error: 'only 0 is supported' }).nullish(),
  presence_penalty: z.literal(0, { error: 'only 0 is supported' }).nullish(),
  logit_bias: unsupported,
  // Identifiers and hints that change nothing in the answer: accepted.
  user: z.string().max(256).nullish(),
  // Alloy extensions the OpenAI clients pass through as extra body fields.
  top_k: z.number().int().min(0).nullish(),
  repetition_penalty: z.number().gt(0).max(10).nullish(),
};

const textPart = z.object({ type: z.literal('text'), text: z.string() }).strict();
const content = z.union([z.string(), z.array(textPart)], {
  error: 'must be a string or an array of text parts',
});

/** Tools one request may declare (OpenAI's own limit is 128; a small model's context is less). */
export const MAX_TOOLS = 64;

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const functionName = z
  .string()
  .regex(FUNCTION_NAME, { error: 'must be 1-64 letters, digits, underscores or dashes' });

const tool = z
  .object({
    type: z.literal('function', { error: 'only "function" tools are supported' }),
    function: z
      .object({
        name: functionName,
        description: z.string().max(4096).nullish(),
        // A JSON Schema object; the generation side decides how much of it it honours.
        parameters: z.record(z.string(), z.unknown()).nullish(),
        strict: z.boolean().nullish(),
      })
      .strict(),
  })
  .strict();

const toolChoice = z.union(
  [
    z.enum(['none', 'auto', 'required']),
    z
      .object({
        type: z.literal('function'),
        function: z.object({ name: functionName }).strict(),
      })
      .strict(),
  ],
  { error: 'must be "none", "auto", "required" or {"type":"function","function":{"name"}}' },
);

const toolCall = z
  .object({
    id: z.string().min(1).max(256),
    type: z.literal('function', { error: 'only "function" tool calls are supported' }),
    function: z
      .object({
        name: functionName,
        // A JSON text, as OpenAI sends it; not parsed here since a model may write invalid JSON.
        arguments: z.string(),
      })
      .strict(),
  })
  .strict();

const MESSAGE_ROLES = [...CHAT_ROLES, 'developer', 'tool'] as const;

const message = z
  .object({
    role: z.enum(MESSAGE_ROLES, { error: `must be one of ${MESSAGE_ROLES.join(', ')}` }),
    content: content.nullish(),
    name: unsupported,
    refusal: unsupported,
    tool_calls: z.array(toolCall).min(1).max(MAX_TOOLS).nullish(),
    tool_call_id: z.string().min(1).max(256).nullish(),
    function_call: unsupported,
    audio: unsupported,
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.role === 'tool' && !m.tool_call_id)
      ctx.addIssue({
        code: 'custom',
        path: ['tool_call_id'],
        message: 'required for a tool message',
      });
    if (m.role !== 'tool' && m.tool_call_id != null)
      ctx.addIssue({ code: 'custom', path: ['tool_call_id'], message: 'only for a tool message' });
    if (m.role !== 'assistant' && m.tool_calls != null)
      ctx.addIssue({
        code: 'custom',
        path: ['tool_calls'],
        message: 'only for an assistant message',
      });
  });

export const chatCompletionSchema = z
  .object({
    ...common,
    messages: z.array(message).min(1).max(MAX_MESSAGES),
    max_completion_tokens: maxTokens,
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    response_format: z
      .object({ type: z.literal('text', { error: 'only "text" is supported' }) })
      .strict()
      .nullish(),
    modalities: z.array(z.literal('text', { error: 'only "text" is supported' })).nullish(),
    store: z.literal(false, { error: 'completions are not stored by this server' }).nullish(),
    metadata: z
      .record(z.string().max(64), z.string().max(512))
      .refine((m) => Object.keys(m).length <= 16, 'at most 16 pairs')
      .nullish(),
    service_tier: z.enum(['auto', 'default'], { error: 'only "auto" or "default"' }).nullish(),
    safety_identifier: z.string().max(256).nullish(),
    prompt_cache_key: z.string().max(256).nullish(),
    audio: unsupported,
    function_call: unsupported,
    functions: unsupported,
    parallel_tool_calls: unsupported,
    prediction: unsupported,
    reasoning_effort: unsupported,
    tool_choice: toolChoice.nullish(),
    tools: z
      .array(tool)
      .max(MAX_TOOLS, { error: `at most ${MAX_TOOLS} tools` })
      .nullish(),
    verbosity: unsupported,
    web_search_options: unsupported,
  })
  .strict()
  .refine((body) => body.top_logprobs == null || body.logprobs === true, {
    path: ['top_logprobs'],
    message: 'needs logprobs: true',
  })
  .superRefine((body, ctx) => {
    const choice = body.tool_choice;
    if (choice == null) return;
    // As OpenAI: a choice without tools is a mistake worth naming, even "none" or "auto".
    if (!body.tools?.length) {
      ctx.addIssue({ code: 'custom', path: ['tool_choice'], message: 'needs tools' });
      return;
    }
    if (
      typeof choice === 'object' &&
      !body.tools.some((t) => t.function.name === choice.function.name)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['tool_choice', 'function', 'name'],
        message: `names no tool of this request: ${choice.function.name}`,
      });
  });

export const completionSchema = z
  .object({
    ...common,
    prompt: z.string(),
    echo: z.literal(false, { error: 'only false is supported' }).nullish(),
    best_of: z.literal(1, { error: 'only 1 is supported' }).nullish(),
    logprobs: unsupported,
    suffix: unsupported,
  })
  .strict();

/**
 * Parses an OpenAI request body. A field OpenAI does not define is answered as OpenAI does
 * ("Unrecognized request argument supplied: foo", `param` naming it); any other bad field is a
 * 400 naming it (`messages.0.role`).
 */
export function parseOpenAiBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown) {
    const names = unknown.keys.map((key) => [...unknown.path, key].join('.'));
    throw new ServingError(
      400,
      ServingErrorCode.INVALID_PARAMETER,
      `Unrecognized request argument${names.length > 1 ? 's' : ''} supplied: ${names.join(', ')}`,
      names[0],
    );
  }
  const issue = issues[0];
  throw ServingError.invalid(issue.path.length ? issue.path.join('.') : 'body', issue.message);
}

export type ChatCompletionBody = z.infer<typeof chatCompletionSchema>;
/** One message of a chat completion request, tool calls and tool results included. */
export type ChatCompletionMessage = ChatCompletionBody['messages'][number];
/** A function the model may call (`tools[i]`). */
export type ChatCompletionTool = z.infer<typeof tool>;
/** `tool_choice`: whether and which tool the model must call. */
export type ChatCompletionToolChoice = z.infer<typeof toolChoice>;
/** A call an assistant message made (`messages[i].tool_calls[j]`). */
export type ChatCompletionToolCall = z.infer<typeof toolCall>;
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

/**
 * The generation request of a chat completion. `tools` are the functions offered to the model
 * (the request's, with plugin tools described by their plugins); tool calls and tool results in
 * the history are rendered as the model reads them.
 */
export function chatRequest(
  body: ChatCompletionBody,
  tools: readonly OfferedTool[] | null = null,
): GenerateRequest {
  return {
    ...sampling(body),
    messages: renderChat(
      body.messages.map((m) => ({
        role: m.role,
        content: text(m.content),
        tool_calls: m.tool_calls,
        tool_call_id: m.tool_call_id,
      })),
      body.tool_choice === 'none' ? null : tools,
    ),
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
