import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../api/session-store';
import { SessionProvider } from '../../auth/session-provider';
import { renderWithConsole } from '../../test/render';
import { PlaygroundPage } from './playground-page';

const INFERENCE = 'http://inference.test';

// Mantine's autosizing textarea listens for font loads; happy-dom has no document.fonts.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: new EventTarget() });

/** A streamed answer the test writes into as it goes, as a model server would. */
interface OpenStream {
  body: { model: string; stream: boolean; temperature: number; messages: { content: string }[] };
  write(data: object | '[DONE]'): void;
  close(): void;
  signal: AbortSignal;
}

let streams: OpenStream[] = [];

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.endsWith('/api/v1/auth/me'))
    return Promise.resolve(
      json({
        kind: 'user',
        id: 'u1',
        name: 'Ada',
        organizationId: 'o1',
        actingOrganizationId: 'o1',
        platform: false,
        role: 'ml-engineer',
      }),
    );
  if (url.endsWith('/console/config.json'))
    return Promise.resolve(json({ inferenceUrl: INFERENCE }));
  if (url.endsWith('/api/v1/deployments'))
    return Promise.resolve(
      json({
        items: [
          {
            id: 'd1',
            name: 'fin-prod',
            model: 'fin-advisor',
            currentRevision: 2,
            traffic: [
              { versionId: 'a', version: 3, weight: 90 },
              { versionId: 'b', version: 4, weight: 10 },
            ],
            createdAt: '',
            updatedAt: '',
          },
        ],
      }),
    );
  if (url === `${INFERENCE}/v1/models`) return Promise.resolve(json({ object: 'list', data: [] }));
  if (url === `${INFERENCE}/v1/chat/completions`) {
    const signal = init!.signal!;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    signal.addEventListener('abort', () =>
      controller.error(new DOMException('aborted', 'AbortError')),
    );
    const encoder = new TextEncoder();
    streams.push({
      body: JSON.parse(init!.body as string) as OpenStream['body'],
      signal,
      write: (data) =>
        controller.enqueue(
          encoder.encode(`data: ${data === '[DONE]' ? data : JSON.stringify(data)}\n\n`),
        ),
      close: () => controller.close(),
    });
    return Promise.resolve(
      new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    );
  }
  return Promise.resolve(new Response('{}', { status: 404 }));
}

const delta = (content: string, finish: string | null = null, extra: object = {}) => ({
  system_fingerprint: 'fin-advisor@3',
  choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  ...extra,
});

async function openPlayground() {
  renderWithConsole(
    <SessionProvider>
      <PlaygroundPage />
    </SessionProvider>,
    '/playground',
  );
  await waitFor(() =>
    expect(screen.getByLabelText<HTMLInputElement>('Target', { selector: 'input' }).value).toBe(
      'fin-advisor',
    ),
  );
}

async function ask(text: string) {
  const box = screen.getByRole('textbox', { name: 'Message' });
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
  await waitFor(() => expect(streams.length).toBeGreaterThan(0));
}

describe('PlaygroundPage', () => {
  beforeEach(() => {
    streams = [];
    sessionStore.setToken('session-token');
    vi.stubGlobal('fetch', vi.fn(fakeFetch));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.setToken(null);
  });

  it('shows the answer token by token, then the version that answered and the plugin notes', async () => {
    await openPlayground();
    await ask('What is compound interest?');
    const [stream] = streams;
    expect(stream.body).toMatchObject({ model: 'fin-advisor', stream: true, temperature: 0.7 });
    expect(stream.body.messages.at(-1)?.content).toBe('What is compound interest?');
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();

    act(() => stream.write(delta('Interest ')));
    await screen.findByText(/^Interest/);
    act(() => stream.write(delta('on interest.')));
    await screen.findByText(/Interest on interest\./);
    act(() => {
      stream.write(delta('', 'stop', { alloy: { annotations: ['risk disclosure appended'] } }));
      stream.write('[DONE]');
      stream.close();
    });
    await screen.findByText('risk disclosure appended');
    expect(screen.getByTitle('the version that answered').textContent).toBe('fin-advisor@3');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy());
  });

  it('stops generating when Stop is pressed and keeps what had arrived', async () => {
    const user = userEvent.setup();
    await openPlayground();
    await ask('Explain bonds');
    act(() => streams[0].write(delta('A bond is')));
    await screen.findByText(/A bond is/);
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(streams[0].signal.aborted).toBe(true);
    await screen.findByText('stopped');
    expect(screen.getByText(/A bond is/)).toBeTruthy();
  });

  it('in compare mode sends the same prompt to two targets at once', async () => {
    const user = userEvent.setup();
    await openPlayground();
    await user.click(screen.getByRole('switch', { name: 'Compare two targets' }));
    expect(screen.getByLabelText<HTMLInputElement>('Target B', { selector: 'input' }).value).toBe(
      'fin-advisor@3',
    );
    await ask('Hello');
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(streams.map((s) => s.body.model)).toEqual(['fin-advisor', 'fin-advisor@3']);
    act(() => {
      streams[0].write(delta('from A'));
      streams[1].write(delta('from B'));
    });
    await screen.findByText('from A');
    await screen.findByText('from B');
  });
});
