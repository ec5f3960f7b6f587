import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { chatCompletionSchema, completionSchema } from '../openai/openai-request.dto';
import { generateBodySchema } from '../rest/generate-request.dto';

/** A reference to one of the document's component schemas. */
export const schemaRef = (name: SchemaName): { $ref: string } => ({
  $ref: `#/components/schemas/${name}`,
});

// Request bodies are validated by zod: the document is written from the same schemas, so the two
// cannot disagree. Refinements across fields (exactly one of prompt and messages) stay in prose.
const REQUEST_SCHEMAS = {
  ChatCompletionRequest: chatCompletionSchema,
  CompletionRequest: completionSchema,
  GenerateRequest: generateBodySchema,
} as const;

const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
const object = (
  properties: Record<string, SchemaObject | { $ref: string }>,
  required: string[] = Object.keys(properties),
): SchemaObject => ({ type: 'object', properties, required });
const integer: SchemaObject = { type: 'integer' };
const number: SchemaObject = { type: 'number' };
const string: SchemaObject = { type: 'string' };
const finishReason: SchemaObject = nullable({
  type: 'string',
  enum: ['stop', 'length'],
});

const topLogprob = object({
  token: string,
  logprob: number,
  bytes: { type: 'array', items: integer },
});
const chatLogprobs = nullable(
  object({
    content: {
      type: 'array',
      items: object({
        token: string,
        logprob: number,
        bytes: { type: 'array', items: integer },
        top_logprobs: { type: 'array', items: topLogprob },
      }),
    },
  }),
);
const openAiUsage = object({
  prompt_tokens: integer,
  completion_tokens: integer,
  total_tokens: integer,
});
const alloyUsage = object({
  promptTokens: integer,
  completionTokens: integer,
  totalTokens: integer,
});
const alloyLogprobs: SchemaObject = {
  type: 'array',
  items: object(
    {
      token: string,
      tokenId: integer,
      logprob: number,
      topLogprobs: {
        type: 'array',
        items: object({ token: string, tokenId: integer, logprob: number }),
      },
    },
    ['token', 'logprob'],
  ),
};

const RESPONSE_SCHEMAS = {
  ErrorBody: {
    ...object({
      error: object(
        {
          message: string,
          type: {
            type: 'string',
            enum: [
              'invalid_request_error',
              'authentication_error',
              'not_found_error',
              'rate_limit_error',
              'server_error',
            ],
          },
          param: nullable({ ...string, description: 'the field at fault, as messages.0.content' }),
          code: { ...string, description: 'a stable code, as INVALID_PARAMETER' },
          details: { type: 'object', additionalProperties: true },
        },
        ['message', 'type', 'param', 'code'],
      ),
    }),
    description: "Every error: OpenAI's shape (message, type, param, code) plus details.",
  },
  ModelList: object({
    object: { type: 'string', enum: ['list'] },
    data: {
      type: 'array',
      items: object({
        id: { ...string, description: '<model>, <model>@<version> or <model>:<alias>' },
        object: { type: 'string', enum: ['model'] },
        created: integer,
        owned_by: string,
      }),
    },
  }),
  ChatCompletion: object({
    id: string,
    object: { type: 'string', enum: ['chat.completion'] },
    created: integer,
    model: string,
    system_fingerprint: { ...string, description: 'the version that answered: <model>@<version>' },
    choices: {
      type: 'array',
      items: object({
        index: integer,
        message: object({
          role: { type: 'string', enum: ['assistant'] },
          content: nullable(string),
          refusal: nullable(string),
        }),
        logprobs: chatLogprobs,
        finish_reason: finishReason,
      }),
    },
    usage: openAiUsage,
  }),
  ChatCompletionChunk: {
    ...object(
      {
        id: string,
        object: { type: 'string', enum: ['chat.completion.chunk'] },
        created: integer,
        model: string,
        system_fingerprint: string,
        choices: {
          type: 'array',
          items: object({
            index: integer,
            delta: object(
              { role: { type: 'string', enum: ['assistant'] }, content: nullable(string) },
              [],
            ),
            logprobs: chatLogprobs,
            finish_reason: finishReason,
          }),
        },
        usage: openAiUsage,
      },
      ['id', 'object', 'created', 'model', 'choices'],
    ),
    description:
      'One `data:` event of a streamed chat completion; the stream ends with `data: [DONE]`.',
  } satisfies SchemaObject,
  Completion: object(
    {
      id: string,
      object: { type: 'string', enum: ['text_completion'] },
      created: integer,
      model: string,
      system_fingerprint: string,
      choices: {
        type: 'array',
        items: object({
          index: integer,
          text: string,
          logprobs: nullable({ type: 'object' }),
          finish_reason: finishReason,
        }),
      },
      usage: openAiUsage,
    },
    ['id', 'object', 'created', 'model', 'choices'],
  ),
  GenerateResponse: object(
    {
      model: string,
      version: integer,
      route: {
        type: 'string',
        enum: ['version', 'alias', 'split'],
        description: 'how the version was chosen: named, by alias, or by the traffic split',
      },
      text: string,
      tokenIds: { type: 'array', items: integer },
      finishReason: finishReason,
      usage: alloyUsage,
      timings: object({ queueMs: number, timeToFirstTokenMs: number, totalMs: number }),
      logprobs: alloyLogprobs,
    },
    ['model', 'version', 'text', 'tokenIds', 'finishReason', 'usage'],
  ),
  GenerateChunk: {
    ...object(
      {
        model: string,
        version: integer,
        text: string,
        tokenIds: { type: 'array', items: integer },
        finishReason: finishReason,
        usage: alloyUsage,
        logprobs: alloyLogprobs,
      },
      ['model', 'version', 'text'],
    ),
    description:
      'One `data:` event of a streamed generation; the stream ends with `data: [DONE]`, or an `event: error` with an ErrorBody.',
  },
  Liveness: object({ status: { type: 'string', enum: ['ok'] } }),
  Readiness: object({
    status: { type: 'string', enum: ['ready', 'not ready'] },
    database: { type: 'boolean' },
    deployments: integer,
    warmingVersions: integer,
    loadedModels: { type: 'array', items: string },
  }),
} satisfies Record<string, SchemaObject>;

export type SchemaName = keyof typeof REQUEST_SCHEMAS | keyof typeof RESPONSE_SCHEMAS;

/** Every component schema of the model server's document, in a stable order. */
export function componentSchemas(): Record<string, SchemaObject> {
  const requests = Object.fromEntries(
    Object.entries(REQUEST_SCHEMAS).map(([name, schema]) => [
      name,
      z.toJSONSchema(schema, {
        target: 'openapi-3.0',
        io: 'input',
        unrepresentable: 'any',
      }) as SchemaObject,
    ]),
  );
  return { ...requests, ...RESPONSE_SCHEMAS };
}
