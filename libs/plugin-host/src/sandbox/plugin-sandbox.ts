import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HookName } from '@alloy/plugin-sdk';
import type { Logger } from 'pino';
import type { CallOutcome, PluginFailureKind } from '../plugin-failure';
import { proxyFetch, type FetchRequest, type NetworkProxyLimits } from './network-proxy';

/** The runtime every sandbox runs: plain JavaScript beside this file. */
export const SANDBOX_RUNTIME_PATH = path.join(__dirname, 'sandbox-runtime.cjs');

/** What a plugin's bundle holds, as its sandbox reports it after loading. */
export interface SandboxDescription {
  manifest: unknown;
  /** Hook name -> typeof the value (`function` when it is one). */
  hooks: Record<string, string>;
  tools: { name: unknown; description: unknown; parameters: unknown; handler: string }[];
  evaluators: { name: unknown; description: unknown; cases: string; score: string }[];
}

/** One call into the plugin. */
export type SandboxCall =
  | { op: 'hook'; hook: HookName; input: unknown; ctx: unknown }
  | { op: 'tool'; name: string; input: unknown; ctx: unknown }
  | { op: 'cases'; name: string; ctx: unknown }
  | { op: 'score'; name: string; input: { evalCase: unknown; output: string }; ctx: unknown };

export interface PluginSandboxOptions {
  pluginId: string;
  version: string;
  dir: string;
  timeoutMs: number;
  memoryMb: number;
  network: readonly string[];
  logger: Logger;
  runtimePath?: string;
  /** Time allowed to start the process and evaluate the bundle. */
  startTimeoutMs?: number;
  fetchLimits?: Partial<NetworkProxyLimits>;
}

interface PendingCall {
  hook: HookName;
  timer: NodeJS.Timeout;
  refused?: string;
  resolve: (outcome: CallOutcome & { refused?: string }) => void;
}

interface Running {
  child: ChildProcess;
  description: SandboxDescription;
}

type StartOutcome =
  { ok: true; running: Running } | { ok: false; kind: PluginFailureKind; message: string };

const MAX_BACKOFF_MS = 10_000;
/** How often a running sandbox's resident memory is read. */
const RSS_POLL_MS = 100;
/** What a sandbox process holds besides the plugin's heap (Node itself, code, buffers). */
const RSS_BASELINE_MB = 96;

/** Resident memory of a process in MiB, or undefined where /proc cannot tell. */
function residentMb(pid: number): number | undefined {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / (1024 * 1024);
  } catch {
    return undefined;
  }
}
const OUT_OF_MEMORY = /heap out of memory|Allocation failed|Reached heap limit/i;

/** The node flags of a sandbox: what the permission model lets its process do. */
export function sandboxExecArgv(dir: string, runtimePath: string, memoryMb: number): string[] {
  return [
    '--experimental-permission',
    `--allow-fs-read=${path.resolve(dir)}${path.sep}*`,
    `--allow-fs-read=${path.resolve(runtimePath)}`,
    `--max-old-space-size=${memoryMb}`,
    // Even a host function that leaked into the plugin's context cannot compile code.
    '--disallow-code-generation-from-strings',
    '--no-warnings',
  ];
}

/**
 * One plugin version's child process: started on the first call, killed when a call runs past
 * its time, started again (after a growing pause when it keeps failing) for the next call.
 */
export class PluginSandbox {
  private running?: Running;
  private starting?: Promise<StartOutcome>;
  private readonly pending = new Map<number, PendingCall>();
  private nextCall = 1;
  private consecutiveFailures = 0;
  private notBefore = 0;
  private closed = false;

  constructor(private readonly options: PluginSandboxOptions) {}

  /** The bundle's description; starts the sandbox when needed. */
  async describe(): Promise<
    | { ok: true; description: SandboxDescription }
    | { ok: false; kind: PluginFailureKind; message: string }
  > {
    const started = await this.ensureStarted();
    return started.ok ? { ok: true, description: started.running.description } : started;
  }

  /** Calls into the plugin; never throws. `refused` is set when the plugin was refused something during the call. */
  async call(hook: HookName, call: SandboxCall): Promise<CallOutcome & { refused?: string }> {
    const started = await this.ensureStarted();
    if (!started.ok) return started;
    const { child } = started.running;
    const id = this.nextCall++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill(child, 'timeout', `${hook} ran longer than ${this.options.timeoutMs} ms`);
      }, this.options.timeoutMs);
      this.pending.set(id, { hook, timer, resolve });
      child.send({ type: 'call', id, ...call });
    });
  }

  /** Kills the process; later calls fail. */
  close(): void {
    this.closed = true;
    if (this.running) this.kill(this.running.child, 'crashed', 'the plugin was unloaded');
  }

  private ensureStarted(): Promise<StartOutcome> {
    if (this.closed) {
      return Promise.resolve({ ok: false, kind: 'crashed', message: 'the plugin was unloaded' });
    }
    if (this.running) return Promise.resolve({ ok: true, running: this.running });
    const wait = this.notBefore - Date.now();
    if (!this.starting && wait > 0) {
      return Promise.resolve({
        ok: false,
        kind: 'crashed',
        message: `the sandbox failed ${this.consecutiveFailures} times in a row; next start in ${wait} ms`,
      });
    }
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private start(): Promise<StartOutcome> {
    const { dir, memoryMb, logger, pluginId, version } = this.options;
    const runtimePath = this.options.runtimePath ?? SANDBOX_RUNTIME_PATH;
    const began = performance.now();
    const child = fork(runtimePath, [path.resolve(dir)], {
      execArgv: sandboxExecArgv(dir, runtimePath, memoryMb),
      env: {},
      cwd: path.resolve(dir),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const log = logger.child({ pluginId, version, pid: child.pid });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      log.info({ stream: 'stdout' }, chunk.trimEnd());
    });

    return new Promise<StartOutcome>((resolve) => {
      let ready = false;
      const startTimer = setTimeout(() => {
        child.kill('SIGKILL');
        finishStart({
          ok: false,
          kind: 'timeout',
          message: `the sandbox did not start within ${this.startTimeoutMs()} ms`,
        });
      }, this.startTimeoutMs());
      const finishStart = (outcome: StartOutcome): void => {
        if (ready) return;
        ready = true;
        clearTimeout(startTimer);
        if (outcome.ok) {
          this.running = outcome.running;
          this.watchMemory(child);
          log.info({ ms: Math.round(performance.now() - began) }, 'plugin sandbox started');
        } else {
          child.kill('SIGKILL');
          this.recordFailure();
          log.warn(
            { kind: outcome.kind, reason: outcome.message },
            'plugin sandbox failed to start',
          );
        }
        resolve(outcome);
      };

      child.on('message', (message: unknown) => {
        if (typeof message !== 'object' || message === null) return;
        const m = message as Record<string, unknown>;
        switch (m.type) {
          case 'ready':
            finishStart({
              ok: true,
              running: { child, description: m.description as SandboxDescription },
            });
            break;
          case 'load-failed':
            finishStart({ ok: false, kind: asKind(m.kind), message: String(m.message) });
            break;
          case 'result':
            this.settle(Number(m.id), m);
            break;
          case 'log':
            this.logFromPlugin(log, String(m.level), String(m.text));
            break;
          case 'refused':
            this.markRefused(String(m.message));
            break;
          case 'fetch':
            void this.fetchFor(child, m);
            break;
          default:
            break;
        }
      });
      child.on('error', (error) => {
        log.warn({ err: error.message }, 'plugin sandbox process error');
      });
      child.on('exit', (code, signal) => {
        const oom = OUT_OF_MEMORY.test(stderr);
        const kind: PluginFailureKind = oom ? 'memory' : 'crashed';
        const message = oom
          ? `the sandbox ran out of its ${memoryMb} MiB heap`
          : `the sandbox exited (${signal ?? `code ${code}`})${stderr ? `: ${lastLine(stderr)}` : ''}`;
        finishStart({ ok: false, kind, message });
        if (this.running?.child === child) {
          this.running = undefined;
          this.recordFailure();
          log.warn({ kind, code, signal }, 'plugin sandbox exited');
          this.failAll(kind, message);
        }
      });
    });
  }

  // The heap cap does not count ArrayBuffers; the process's resident memory does.
  private watchMemory(child: ChildProcess): void {
    const limitMb = this.options.memoryMb * 2 + RSS_BASELINE_MB;
    const timer = setInterval(() => {
      if (this.running?.child !== child || child.pid === undefined) return clearInterval(timer);
      const rss = residentMb(child.pid);
      if (rss !== undefined && rss > limitMb) {
        clearInterval(timer);
        this.kill(
          child,
          'memory',
          `the sandbox used ${Math.round(rss)} MiB, over its limit of ${limitMb} MiB`,
        );
      }
    }, RSS_POLL_MS);
    timer.unref();
  }

  private startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? 10_000;
  }

  private settle(id: number, m: Record<string, unknown>): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    clearTimeout(call.timer);
    let outcome: CallOutcome;
    if (m.ok === true && typeof m.json === 'string') {
      try {
        outcome = { ok: true, value: JSON.parse(m.json) as unknown };
      } catch {
        outcome = { ok: false, kind: 'invalid', message: 'the result is not JSON' };
      }
      this.consecutiveFailures = 0;
    } else {
      outcome = {
        ok: false,
        kind: m.invalid === true ? 'invalid' : 'threw',
        message: String(m.message),
      };
    }
    call.resolve({ ...outcome, refused: call.refused });
  }

  private markRefused(message: string): void {
    // The sandbox cannot say which of its concurrent calls asked; every call in flight is marked.
    for (const call of this.pending.values()) call.refused ??= message;
  }

  private failAll(kind: PluginFailureKind, message: string): void {
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      this.pending.delete(id);
      call.resolve({ ok: false, kind, message, refused: call.refused });
    }
  }

  private kill(child: ChildProcess, kind: PluginFailureKind, message: string): void {
    if (this.running?.child === child) this.running = undefined;
    this.recordFailure();
    child.kill('SIGKILL');
    this.failAll(kind, message);
  }

  private recordFailure(): void {
    this.consecutiveFailures += 1;
    // The first restart is immediate, so one bad input costs one call; a plugin that keeps
    // failing is started again ever more slowly.
    const pause =
      this.consecutiveFailures <= 1
        ? 0
        : Math.min(100 * 2 ** (this.consecutiveFailures - 2), MAX_BACKOFF_MS);
    this.notBefore = Date.now() + pause;
  }

  private logFromPlugin(log: Logger, level: string, text: string): void {
    const line = text.slice(0, 8192);
    if (level === 'error') log.error({ source: 'plugin' }, line);
    else if (level === 'warn') log.warn({ source: 'plugin' }, line);
    else if (level === 'debug') log.debug({ source: 'plugin' }, line);
    else log.info({ source: 'plugin' }, line);
  }

  private async fetchFor(child: ChildProcess, m: Record<string, unknown>): Promise<void> {
    const request: FetchRequest = {
      url: String(m.url),
      method: String(m.method),
      headers:
        typeof m.headers === 'object' && m.headers !== null
          ? Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, String(v)]))
          : {},
      body: typeof m.body === 'string' ? m.body : undefined,
    };
    const result = await proxyFetch(this.options.pluginId, request, this.options.network, {
      timeoutMs: this.options.fetchLimits?.timeoutMs ?? this.options.timeoutMs,
      maxBytes: this.options.fetchLimits?.maxBytes ?? 1024 * 1024,
    });
    if (!result.ok && result.refused) this.markRefused(result.message);
    if (child.connected) child.send({ type: 'fetch-result', id: m.id, ...result });
  }
}

function asKind(value: unknown): PluginFailureKind {
  const kinds: PluginFailureKind[] = [
    'threw',
    'timeout',
    'crashed',
    'memory',
    'invalid',
    'refused-permission',
  ];
  return kinds.includes(value as PluginFailureKind) ? (value as PluginFailureKind) : 'crashed';
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1].slice(0, 500);
}
