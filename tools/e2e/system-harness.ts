import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const PYTHON = process.env.ALLOY_PYTHON ?? '/usr/bin/python3';

/** A real gpu-worker process (its own entry point, as `nx serve gpu-worker` runs it). */
export class WorkerProcess {
  readonly child: ChildProcess;
  private output = '';
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.child = spawn(
      process.execPath,
      ['-r', './tools/register.cjs', 'apps/gpu-worker/src/main.ts'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get log(): string {
    return this.output;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

/** A tiny Hugging Face LLaMA directory made by the trainer itself (random weights, trained tokenizer). */
export function initTinyModel(outDir: string, corpus: string[]): void {
  const corpusFile = path.join(mkdtempSync(path.join(tmpdir(), 'alloy-corpus-')), 'corpus.jsonl');
  writeFileSync(corpusFile, corpus.map((text) => JSON.stringify({ text })).join('\n'));
  execFileSync(
    PYTHON,
    [
      '-m',
      'alloy_trainer',
      'init-model',
      '--config',
      'tiny',
      '--tokenizer-corpus',
      corpusFile,
      '--out',
      outDir,
      '--vocab-size',
      '320',
    ],
    { cwd: path.join(REPO_ROOT, 'apps/gpu-worker/trainer'), stdio: 'pipe' },
  );
}

export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export interface SseEvent {
  id?: string;
  type: string;
  data: any;
}

/** Reads a Server-Sent Events stream to its end (the server closes it when the job finishes). */
export async function readSse(
  url: string,
  onEvent?: (e: SseEvent) => void,
  headers: Record<string, string> = {},
): Promise<SseEvent[]> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  if (!response.ok || !response.body) throw new Error(`SSE ${response.status}`);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { type: 'message', data: null };
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(':');
        const value = rest.join(':').trimStart();
        if (field === 'id') event.id = value;
        if (field === 'event') event.type = value;
        if (field === 'data') event.data = JSON.parse(value);
      }
      events.push(event);
      onEvent?.(event);
    }
  }
  return events;
}
