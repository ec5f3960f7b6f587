import { ApiProblem } from '../api/api-error';
import { parseSseJson, readSseEvents } from './sse-stream';

/** What one event of a streamed chat completion adds to the answer. */
export interface ChatStreamPart {
  /** Text to append. */
  content: string;
  /** The version that answers (`<model>@<version>`), once the server names it. */
  fingerprint?: string;
  finishReason?: string;
  /** Notes the model's plugins added (`alloy.annotations`). */
  annotations?: string[];
}

interface ChunkBody {
  system_fingerprint?: string;
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  alloy?: { annotations?: string[] };
  error?: { code?: string; message?: string; param?: string };
}

/**
 * The parts of an OpenAI chat-completion stream, in order, until `data: [DONE]`. An error the
 * server sends inside the stream (after the 200 was already written) throws an ApiProblem, so a
 * failure mid-answer is shown like any other failed call.
 */
export async function* readChatStream(
  response: Response,
  signal?: AbortSignal,
): AsyncGenerator<ChatStreamPart> {
  for await (const event of readSseEvents(response, signal)) {
    if (event.data === '[DONE]') return;
    const chunk = parseSseJson<ChunkBody>(event);
    if (!chunk) continue;
    if (chunk.error) {
      throw new ApiProblem(
        response.status,
        chunk.error.code ?? 'STREAM_FAILED',
        chunk.error.message ?? 'the stream failed',
        chunk.error.param ? [{ field: chunk.error.param, message: chunk.error.message ?? '' }] : [],
        response.headers.get('x-request-id'),
      );
    }
    const choice = chunk.choices?.[0];
    const part: ChatStreamPart = { content: choice?.delta?.content ?? '' };
    if (chunk.system_fingerprint) part.fingerprint = chunk.system_fingerprint;
    if (choice?.finish_reason) part.finishReason = choice.finish_reason;
    if (chunk.alloy?.annotations?.length) part.annotations = chunk.alloy.annotations;
    yield part;
  }
}
