import { AlloyApiError, toAlloyError } from './alloy-errors';
import { type ClientTransport, inferencePost } from './client-transport';
import type { components as InferenceSchemas } from './generated/model-server';
import { readServerSentEvents } from './sse-reader';

/** A chat message as the OpenAI-compatible endpoint takes it. */
export type ChatMessage = InferenceSchemas['schemas']['ChatCompletionRequest']['messages'][number];
/** A chat completion request's options besides the model and messages. */
export type ChatOptions = Omit<
  InferenceSchemas['schemas']['ChatCompletionRequest'],
  'model' | 'messages' | 'stream'
> & {
  /** Cancels the request (and a stream being read). */
  signal?: AbortSignal;
};
/** A complete chat completion (OpenAI's shape). */
export type ChatCompletion = InferenceSchemas['schemas']['ChatCompletion'];

/** A piece of a streamed chat answer. */
export interface ChatDelta {
  /** New text (may be empty, as in the first piece). */
  content: string;
  /** Set on the first piece. */
  role?: string;
  /** Set on the last piece: "stop" or "length". */
  finishReason: string | null;
  /** The version that answered, `<model>@<version>`. */
  modelVersion: string | null;
  /** Token counts, on a final piece when `stream_options.include_usage` was asked. */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** A streamed chat completion from the model server, read as deltas. */
export async function* chatStream(
  transport: ClientTransport,
  body: object,
  signal?: AbortSignal,
): AsyncGenerator<ChatDelta> {
  const response = await inferencePost(transport, '/v1/chat/completions', body, signal);
  if (!response.body)
    throw new AlloyApiError(response.status, 'EMPTY_STREAM', 'no event stream', null);
  const header = response.headers.get('x-alloy-model-version');
  for await (const message of readServerSentEvents(response.body)) {
    if (message.data === '[DONE]') return;
    const chunk = JSON.parse(message.data) as {
      error?: unknown;
      choices?: {
        delta?: { content?: string | null; role?: string };
        finish_reason?: string | null;
      }[];
      usage?: ChatDelta['usage'];
      system_fingerprint?: string;
    };
    if (chunk.error) {
      // An error after the stream started: the status was already 200.
      throw toAlloyError({ status: 500, body: chunk, headers: response.headers });
    }
    const choice = chunk.choices?.[0];
    yield {
      content: choice?.delta?.content ?? '',
      ...(choice?.delta?.role ? { role: choice.delta.role } : {}),
      finishReason: choice?.finish_reason ?? null,
      // Each chunk names the version that answered; a stream's headers may not.
      modelVersion: chunk.system_fingerprint ?? header,
      ...(chunk.usage ? { usage: chunk.usage } : {}),
    };
  }
}
