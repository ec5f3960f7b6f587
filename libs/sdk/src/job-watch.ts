import { AlloyApiError, errorFromResponse } from './alloy-errors';
import { type ClientTransport, sleep } from './client-transport';
import type { JobEnd, JobEvent } from './resource.types';
import { readServerSentEvents } from './sse-reader';

const MAX_RECONNECTS = 5;

/**
 * `AlloyClient.watchJob`: a job's events over SSE, resumed after the last one seen when the
 * connection drops; gives up after `MAX_RECONNECTS` connections in a row that brought nothing.
 */
export async function* watchJobEvents(
  transport: ClientTransport,
  id: string,
  options: { after?: number; signal?: AbortSignal } = {},
): AsyncGenerator<JobEvent | JobEnd> {
  let after = options.after ?? 0;
  let failures = 0;
  for (;;) {
    const response = await transport.fetcher(
      `${transport.url}/api/v1/jobs/${encodeURIComponent(id)}/events/stream`,
      {
        headers: {
          ...transport.headers,
          accept: 'text/event-stream',
          ...(after ? { 'last-event-id': String(after) } : {}),
        },
        signal: options.signal,
      },
    );
    if (!response.ok) throw await errorFromResponse(response);
    if (!response.body)
      throw new AlloyApiError(response.status, 'EMPTY_STREAM', 'no event stream', null);
    let progressed = false;
    try {
      for await (const message of readServerSentEvents(response.body)) {
        const data = JSON.parse(message.data) as Record<string, unknown>;
        if (message.event === 'end') {
          yield {
            type: 'end',
            status: String(data.status),
            resultVersionId: (data.resultVersionId as string | null) ?? null,
          };
          return;
        }
        const event = data as unknown as JobEvent;
        after = Number(message.id ?? event.position) || after;
        progressed = true;
        yield event;
      }
    } catch (error) {
      if (options.signal?.aborted || !(error instanceof TypeError)) throw error;
    }
    failures = progressed ? 0 : failures + 1;
    if (failures >= MAX_RECONNECTS)
      throw new AlloyApiError(0, 'STREAM_LOST', `lost the event stream of job ${id}`, null);
    await sleep(Math.min(250 * 2 ** failures, 5000), options.signal);
  }
}
