import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/api-error';
import { readChatStream, type ChatStreamPart } from './chat-completion-stream';

/** A streamed response whose body arrives in the given pieces, as a network would cut it. */
function streamed(chunks: (string | Uint8Array)[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

async function parts(response: Response): Promise<ChatStreamPart[]> {
  const out: ChatStreamPart[] = [];
  for await (const part of readChatStream(response)) out.push(part);
  return out;
}

const chunk = (content: string, extra: object = {}) =>
  `data: ${JSON.stringify({
    system_fingerprint: 'fin-advisor@3',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
    ...extra,
  })}\n\n`;

const STREAM =
  chunk('') +
  chunk('Interest ') +
  chunk('compounds.') +
  `data: ${JSON.stringify({
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    alloy: { annotations: ['risk disclosure appended'] },
  })}\n\n` +
  'data: [DONE]\n\n';

describe('readChatStream', () => {
  it('gives the same answer however the stream is cut into chunks', async () => {
    const cuts: string[][] = [[STREAM], [...STREAM]];
    for (let i = 1; i < STREAM.length; i += 7) cuts.push([STREAM.slice(0, i), STREAM.slice(i)]);
    for (const pieces of cuts) {
      const got = await parts(streamed(pieces));
      expect(got.map((p) => p.content).join('')).toBe('Interest compounds.');
      expect(got.at(-1)).toMatchObject({
        finishReason: 'stop',
        annotations: ['risk disclosure appended'],
      });
      expect(got[0].fingerprint).toBe('fin-advisor@3');
    }
  });

  it('decodes a character whose bytes arrive in two chunks', async () => {
    const text = chunk('coût 5 €') + 'data: [DONE]\n\n';
    const bytes = new TextEncoder().encode(text);
    // One byte into the three of €.
    const cut = new TextEncoder().encode(text.slice(0, text.indexOf('€'))).length + 1;
    const got = await parts(streamed([bytes.slice(0, cut), bytes.slice(cut)]));
    expect(got.map((p) => p.content).join('')).toBe('coût 5 €');
  });

  it('stops at [DONE] and reads nothing after it', async () => {
    const got = await parts(streamed([chunk('a'), 'data: [DONE]\n\n', chunk('never shown')]));
    expect(got.map((p) => p.content)).toEqual(['a']);
  });

  it('throws the error the server sends in the middle of a stream', async () => {
    const error = `data: ${JSON.stringify({ error: { code: 'ENGINE_FAILED', message: 'out of memory' } })}\n\n`;
    const read = parts(streamed([chunk('par'), error]));
    await expect(read).rejects.toBeInstanceOf(ApiProblem);
    await expect(parts(streamed([chunk('par'), error]))).rejects.toThrow('out of memory');
  });
});
