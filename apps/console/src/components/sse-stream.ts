/** One Server-Sent Event: its `event:` name (`message` when none), `data:` text and `id:`. */
export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

/**
 * The events of a `text/event-stream` response, in order, as they arrive. Reads with fetch
 * rather than EventSource because EventSource cannot send the Authorization header. Events and
 * even single characters may be split across network chunks, so text is decoded as a stream and
 * an event is yielded only once its blank line has arrived. Comments (`: keep-alive`) and events
 * without data are skipped, as the EventSource specification does.
 */
export async function* readSseEvents(
  response: Response,
  signal?: AbortSignal,
): AsyncGenerator<SseEvent> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const abort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', abort, { once: true });
  let buffer = '';
  let lastId: string | null = null;
  let event = '';
  let data: string[] = [];
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      // Lines end with \n, \r\n or \r; a trailing \r may be the first half of \r\n, so wait.
      let match: RegExpExecArray | null;
      const lineEnd = /\r\n|\n|\r(?!$)/g;
      let start = 0;
      while ((match = lineEnd.exec(buffer)) !== null) {
        const line = buffer.slice(start, match.index);
        start = match.index + match[0].length;
        if (line === '') {
          if (data.length > 0)
            yield { event: event || 'message', data: data.join('\n'), id: lastId };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let text = colon === -1 ? '' : line.slice(colon + 1);
        if (text.startsWith(' ')) text = text.slice(1);
        if (field === 'data') data.push(text);
        else if (field === 'event') event = text;
        else if (field === 'id' && !text.includes('\0')) lastId = text;
      }
      buffer = buffer.slice(start);
    }
  } finally {
    signal?.removeEventListener('abort', abort);
    // A consumer that stops early closes the connection rather than leaving it to the server.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** The JSON `data` of an event, or null when it is not JSON (a stream is never trusted blindly). */
export function parseSseJson<T>(event: SseEvent): T | null {
  try {
    return JSON.parse(event.data) as T;
  } catch {
    return null;
  }
}
