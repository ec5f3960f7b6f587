import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedChatStream } from './streaming-load';

// The stream checker is what the load test and fault 6 rest on: it must refuse every way a stream
// can look complete without being so. Each path of this server answers one such stream.
const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const usage = (tokens: number) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [], usage: { completion_tokens: tokens } })}\n\n`;
const role = chunk({ role: 'assistant', content: '' });
const STREAMS: Record<string, string[] | 'cut'> = {
  proper: [
    role,
    chunk({ content: 'Hi' }),
    chunk({ content: '!' }),
    chunk({}, 'length'),
    usage(2),
    'data: [DONE]\n\n',
  ],
  early: [role, chunk({ content: 'Hi' }), chunk({}, 'length'), usage(1), 'data: [DONE]\n\n'],
  noDone: [role, chunk({ content: 'Hi' }), chunk({}, 'length'), usage(2)],
  errorEvent: [
    role,
    chunk({ content: 'Hi' }),
    `data: ${JSON.stringify({ error: { code: 'SERVER_SHUTTING_DOWN' } })}\n\n`,
  ],
  afterDone: [
    role,
    chunk({ content: 'Hi' }, 'stop'),
    usage(1),
    'data: [DONE]\n\n',
    chunk({ content: 'x' }),
  ],
  twoFinishes: [
    role,
    chunk({ content: 'Hi' }, 'stop'),
    chunk({}, 'stop'),
    usage(1),
    'data: [DONE]\n\n',
  ],
  cut: 'cut',
};

describe('checkedChatStream', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const body: Buffer[] = [];
      req.on('data', (b: Buffer) => body.push(b));
      req.on('end', () => {
        const model = (JSON.parse(Buffer.concat(body).toString()) as { model: string }).model;
        const events = STREAMS[model];
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        if (events === 'cut') {
          res.write(role);
          setTimeout(() => res.destroy(), 20);
          return;
        }
        res.end(events.join(''));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const check = (model: string) =>
    checkedChatStream({ baseUrl, token: 't', model, prompt: 'p', maxTokens: 2 });

  it('accepts a proper stream, with its text, tokens and time to first text', async () => {
    const r = await check('proper');
    expect(r).toMatchObject({
      error: null,
      text: 'Hi!',
      tokens: 2,
      finishReason: 'length',
      done: true,
    });
    expect(r.ttftMs).toBeGreaterThan(0);
  });

  it.each([
    ['early', /finish_reason length after 1 of 2/],
    ['noDone', /no \[DONE\]/],
    ['errorEvent', /SERVER_SHUTTING_DOWN/],
    ['afterDone', /events after \[DONE\]/],
    ['twoFinishes', /2 chunks with a finish_reason/],
    ['cut', /stream broke/],
  ])('refuses a stream that only looks complete: %s', async (model, why) => {
    const r = await check(model);
    expect(r.error).toMatch(why);
  });
});
