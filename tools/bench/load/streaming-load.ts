// Concurrent streaming chat completions against one model server, each stream checked chunk by
// chunk: a load test must tell a stream that ended properly from one that was cut or garbled.

export interface StreamCheck {
  /** Why the stream is not a proper one; null when it is. */
  error: string | null;
  /** Milliseconds from sending the request to the first generated text. */
  ttftMs: number | null;
  /** Completion tokens the final usage chunk reports. */
  tokens: number;
  text: string;
  finishReason: string | null;
  /** Whether the stream ended with `data: [DONE]`. */
  done: boolean;
}

export interface ChatStreamRequest {
  baseUrl: string;
  token: string;
  model: string;
  prompt: string;
  maxTokens: number;
  signal?: AbortSignal;
  /** Called once, when the first generated text arrives. */
  onFirstText?: () => void;
}

interface ChunkChoice {
  index: number;
  delta?: { role?: string; content?: string };
  finish_reason: string | null;
}
interface Chunk {
  id?: string;
  object?: string;
  choices?: ChunkChoice[];
  usage?: { completion_tokens: number };
  error?: { code?: string; message?: string };
}

/**
 * One streaming chat completion read to its end. Proper means: 200 with an event stream, a role
 * chunk first, one chunk id throughout, exactly one finish_reason on the last choice chunk, a usage
 * chunk that agrees with max_tokens, then `[DONE]` and nothing after it. Anything else (an error
 * event, a broken connection, a missing or early `[DONE]`) is reported as the stream's error.
 */
export async function checkedChatStream(req: ChatStreamRequest): Promise<StreamCheck> {
  const started = performance.now();
  const result: StreamCheck = {
    error: null,
    ttftMs: null,
    tokens: 0,
    text: '',
    finishReason: null,
    done: false,
  };
  const fail = (why: string): StreamCheck => ({ ...result, error: result.error ?? why });
  let response: Response;
  try {
    response = await fetch(`${req.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${req.token}` },
      body: JSON.stringify({
        model: req.model,
        messages: [{ role: 'user', content: req.prompt }],
        max_tokens: req.maxTokens,
        temperature: 0,
        stream: true,
        stream_options: { include_usage: true },
      }),
      signal: req.signal,
    });
  } catch (error) {
    return fail(`request failed: ${describe(error)}`);
  }
  if (response.status !== 200 || !response.body)
    return fail(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
  if (!response.headers.get('content-type')?.startsWith('text/event-stream'))
    return fail(`content-type ${response.headers.get('content-type')}`);

  const payloads: string[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (block.split('\n').some((l) => l.startsWith('event: error')) && !result.error)
          result.error = `error event: ${data.slice(0, 200)}`;
        payloads.push(data);
        if (result.ttftMs === null && data !== '[DONE]' && data.includes('"content":"')) {
          const chunk = JSON.parse(data) as Chunk;
          if (chunk.choices?.[0]?.delta?.content) {
            result.ttftMs = performance.now() - started;
            req.onFirstText?.();
          }
        }
      }
    }
  } catch (error) {
    return fail(`stream broke after ${payloads.length} events: ${describe(error)}`);
  }
  if (buffer.trim()) return fail(`unterminated event at the end: ${buffer.slice(0, 100)}`);
  return checkPayloads(payloads, req.maxTokens, result);
}

function checkPayloads(payloads: string[], maxTokens: number, result: StreamCheck): StreamCheck {
  const fail = (why: string): StreamCheck => ({ ...result, error: result.error ?? why });
  if (result.error) return result;
  const doneAt = payloads.indexOf('[DONE]');
  if (doneAt < 0) {
    // The OpenAI surface ends a failed stream with an error object as its last data event.
    const last = payloads[payloads.length - 1] ?? '';
    if (last.startsWith('{"error"')) return fail(`error chunk: ${last.slice(0, 200)}`);
    return fail(`no [DONE] after ${payloads.length} events`);
  }
  if (doneAt !== payloads.length - 1) return fail('events after [DONE]');
  result.done = true;
  let chunks: Chunk[];
  try {
    chunks = payloads.slice(0, doneAt).map((p) => JSON.parse(p) as Chunk);
  } catch {
    return fail('an event that is not JSON');
  }
  const errorChunk = chunks.find((c) => c.error);
  if (errorChunk) return fail(`error chunk: ${JSON.stringify(errorChunk.error)}`);
  if (chunks.some((c) => c.object !== 'chat.completion.chunk')) return fail('not a chunk object');
  if (new Set(chunks.map((c) => c.id)).size !== 1) return fail('chunk ids differ');
  if (chunks[0]?.choices?.[0]?.delta?.role !== 'assistant') return fail('no role chunk first');
  const withChoices = chunks.filter((c) => c.choices?.length);
  const finishes = withChoices.filter((c) => c.choices![0].finish_reason !== null);
  if (finishes.length !== 1) return fail(`${finishes.length} chunks with a finish_reason`);
  if (finishes[0] !== withChoices[withChoices.length - 1])
    return fail('finish_reason before the last chunk');
  result.finishReason = finishes[0].choices![0].finish_reason;
  if (!['stop', 'length'].includes(result.finishReason!))
    return fail(`finish_reason ${result.finishReason}`);
  const usage = chunks[chunks.length - 1].usage;
  if (!usage || chunks[chunks.length - 1].choices?.length) return fail('no usage chunk last');
  result.tokens = usage.completion_tokens;
  if (result.tokens < 1 || result.tokens > maxTokens)
    return fail(`${result.tokens} completion tokens for max_tokens ${maxTokens}`);
  if (result.finishReason === 'length' && result.tokens !== maxTokens)
    return fail(`finish_reason length after ${result.tokens} of ${maxTokens} tokens`);
  result.text = withChoices.map((c) => c.choices![0].delta?.content ?? '').join('');
  return result;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

export interface LoadOptions {
  baseUrl: string;
  token: string;
  model: string;
  streams: number;
  durationMs: number;
  maxTokens: number;
  prompts: readonly string[];
  /** A stream still open this long after the load window counts as hung. */
  drainTimeoutMs?: number;
}

export interface LoadFigures {
  streams: number;
  completed: number;
  errors: number;
  /** The first few distinct errors, with their counts. */
  errorSamples: string[];
  /** Streams whose text differs from the first stream of the same prompt (greedy decoding). */
  mismatches: number;
  ttftP50Ms: number;
  ttftP99Ms: number;
  tokens: number;
  seconds: number;
  tokensPerSecond: number;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * `streams` clients, each opening one stream after another until `durationMs` has passed; every
 * stream is checked. A stream that has not ended `drainTimeoutMs` after the window is aborted and
 * counted as an error (a hang), so the run is bounded in time and in count.
 */
export async function runStreamingLoad(options: LoadOptions): Promise<LoadFigures> {
  const started = performance.now();
  const deadline = started + options.durationMs;
  const drain = new AbortController();
  const results: StreamCheck[] = [];
  const hang = setTimeout(
    () => drain.abort(),
    options.durationMs + (options.drainTimeoutMs ?? 60_000),
  );
  const textByPrompt = new Map<number, string>();
  let mismatches = 0;
  const client = async (i: number): Promise<void> => {
    for (let n = 0; performance.now() < deadline; n++) {
      const promptIndex = (i + n) % options.prompts.length;
      const check = await checkedChatStream({
        baseUrl: options.baseUrl,
        token: options.token,
        model: options.model,
        prompt: options.prompts[promptIndex],
        maxTokens: options.maxTokens,
        signal: drain.signal,
      });
      results.push(check);
      if (!check.error) {
        const first = textByPrompt.get(promptIndex);
        if (first === undefined) textByPrompt.set(promptIndex, check.text);
        else if (first !== check.text) mismatches += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.streams }, (_, i) => client(i)));
  clearTimeout(hang);
  const seconds = (performance.now() - started) / 1000;
  const ok = results.filter((r) => !r.error);
  const counts = new Map<string, number>();
  for (const r of results) if (r.error) counts.set(r.error, (counts.get(r.error) ?? 0) + 1);
  const ttfts = ok.map((r) => r.ttftMs).filter((t): t is number => t !== null);
  const tokens = ok.reduce((s, r) => s + r.tokens, 0);
  return {
    streams: results.length,
    completed: ok.length,
    errors: results.length - ok.length,
    errorSamples: [...counts].slice(0, 5).map(([e, c]) => `${c}x ${e}`),
    mismatches,
    ttftP50Ms: percentile(ttfts, 50),
    ttftP99Ms: percentile(ttfts, 99),
    tokens,
    seconds,
    tokensPerSecond: tokens / seconds,
  };
}

export function formatFigures(label: string, f: LoadFigures): string {
  return (
    `${label}: ${f.streams} streams (${f.completed} complete, ${f.errors} errors, ` +
    `${f.mismatches} greedy texts differing), TTFT p50 ${f.ttftP50Ms.toFixed(0)} ms / ` +
    `p99 ${f.ttftP99Ms.toFixed(0)} ms, ${f.tokens} tokens in ${f.seconds.toFixed(1)} s = ` +
    `${f.tokensPerSecond.toFixed(0)} tokens/s` +
    (f.errorSamples.length ? `\n  errors: ${f.errorSamples.join('\n  ')}` : '')
  );
}
