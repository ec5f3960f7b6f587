import { describe, expect, it } from 'vitest';
import { parseSseJson, readSseEvents, type SseEvent } from './sse-stream';

function streamOf(chunks: (string | Uint8Array)[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

async function collect(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const e of readSseEvents(response)) events.push(e);
  return events;
}

describe('readSseEvents', () => {
  it('yields whole events even when chunks cut them anywhere', async () => {
    const text =
      'id: 1\nevent: metrics\ndata: {"step":1,"loss":2.5}\n\n' +
      ': keep-alive\n\n' +
      'id: 2\nevent: log\ndata: {"message":"hello"}\n\n' +
      'event: end\ndata: {"status":"succeeded"}\n\n';
    // Every possible split into two chunks gives the same events.
    const whole = await collect(streamOf([text]));
    expect(whole.map((e) => e.event)).toEqual(['metrics', 'log', 'end']);
    expect(whole[0]).toEqual({ event: 'metrics', data: '{"step":1,"loss":2.5}', id: '1' });
    for (let cut = 1; cut < text.length; cut++) {
      const split = await collect(streamOf([text.slice(0, cut), text.slice(cut)]));
      expect(split).toEqual(whole);
    }
  });

  it('joins a character whose bytes arrive in two chunks, and CRLF line ends', async () => {
    const bytes = new TextEncoder().encode('data: {"message":"µ-step"}\r\n\r\n');
    const events = await collect(streamOf([bytes.slice(0, 18), bytes.slice(18)]));
    expect(events).toEqual([{ event: 'message', data: '{"message":"µ-step"}', id: null }]);
    expect(parseSseJson<{ message: string }>(events[0])?.message).toBe('µ-step');
  });

  it('joins multi-line data and drops an event left unfinished when the stream ends', async () => {
    const events = await collect(streamOf(['data: a\ndata: b\n\n', 'data: unfinished']));
    expect(events).toEqual([{ event: 'message', data: 'a\nb', id: null }]);
  });

  it('answers null for data that is not JSON', () => {
    expect(parseSseJson({ event: 'message', data: 'not json', id: null })).toBeNull();
  });
});
