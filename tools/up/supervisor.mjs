// The apps `npm run up` runs: each one's JSON log lines become one readable line per event on this
// console, and an app that stops while the others serve is started again after a pause, so one
// crash does not take the installation down. Ctrl-C (stop) ends them all for good.
import { spawn } from 'node:child_process';
import { prettyFactory } from 'pino-pretty';

/** Pauses before a restart: doubling from `firstMs` to `maxMs`, back to `firstMs` after `stableMs` up. */
export const RESTART_BACKOFF = { firstMs: 1000, maxMs: 30_000, stableMs: 60_000 };

/** `GET /api/v1/jobs 200 12ms` for a request line; the message after its Nest context for others. */
function message(log, messageKey) {
  const text = log[messageKey] ?? '';
  if (!log.req || !log.res) return log.context ? `${log.context}: ${text}` : text;
  const ms = typeof log.responseTime === 'number' ? ` ${log.responseTime}ms` : '';
  return `${log.req.method} ${log.req.url} ${log.res.statusCode}${ms}${text === 'request completed' ? '' : ` ${text}`}`;
}

/** Turns one line an app wrote into what the console shows: JSON log lines pretty, others as they are. */
export function readableLine(pretty, line) {
  if (!line.startsWith('{')) return line;
  try {
    return pretty(JSON.parse(line)).replace(/\n$/, '');
  } catch {
    return line;
  }
}

export class Supervisor {
  /** @param {{ log?: (line: string) => void, backoff?: typeof RESTART_BACKOFF }} options */
  constructor({ log = console.log, backoff = RESTART_BACKOFF } = {}) {
    this.log = log;
    this.backoff = backoff;
    this.stopping = false;
    /** name → { child, startedAt, delay, timer } */
    this.running = new Map();
    this.pretty = prettyFactory({
      colorize: Boolean(process.stdout.isTTY),
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss',
      // request and response objects are summed up in the message; the rest stays as fields
      ignore: 'pid,hostname,service,context,req,res,responseTime',
      messageFormat: message,
    });
  }

  /**
   * Starts an app and resolves once `ready` says it serves. When it exits or never gets ready, this
   * rejects and the app is never restarted: a start that cannot succeed fails loudly (the caller
   * stops everything) instead of looping.
   */
  async start(app, env, ready) {
    const entry = { app, env, delay: this.backoff.firstMs, startedAt: 0, child: null };
    this.running.set(app.name, entry);
    await this.spawn(entry);
    await ready(entry.child);
    entry.supervised = true;
  }

  async spawn(entry) {
    const { app, env } = entry;
    const extra = app.before ? await app.before() : {};
    const child = spawn(process.execPath, app.args, {
      env: { ...env, ...app.env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    entry.child = child;
    entry.startedAt = Date.now();
    const prefix = `[${app.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop();
        for (const line of lines) if (line) this.log(prefix + readableLine(this.pretty, line));
      });
      stream.on('end', () => rest && this.log(prefix + readableLine(this.pretty, rest)));
    }
    child.on('exit', (code, signal) => this.exited(entry, child, code, signal));
  }

  exited(entry, child, code, signal) {
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.stopping || !entry.supervised || entry.child !== child) {
      this.log(`[${entry.app.name}] exited (${how})`);
      return;
    }
    // an app that served a while before it stopped gets the shortest pause again
    if (Date.now() - entry.startedAt >= this.backoff.stableMs) entry.delay = this.backoff.firstMs;
    const delay = entry.delay;
    entry.delay = Math.min(entry.delay * 2, this.backoff.maxMs);
    this.log(
      `[${entry.app.name}] exited (${how}); the other apps keep serving, restarting it in ${delay / 1000}s`,
    );
    entry.timer = setTimeout(() => this.restart(entry), delay);
  }

  async restart(entry) {
    if (this.stopping) return;
    try {
      await this.spawn(entry);
      this.log(`[${entry.app.name}] restarted (pid ${entry.child.pid})`);
    } catch (error) {
      // e.g. the worker's join token while the control plane itself restarts: try again later
      this.log(`[${entry.app.name}] could not restart: ${error.message}`);
      this.exited(entry, entry.child, null, null);
    }
  }

  /** The running process of an app, if any. */
  child(name) {
    return this.running.get(name)?.child ?? null;
  }

  /** Stops every app for good; resolves when all have exited. */
  async stop() {
    this.stopping = true;
    const waits = [];
    for (const entry of this.running.values()) {
      clearTimeout(entry.timer);
      const child = entry.child;
      if (child && child.exitCode === null && child.signalCode === null) {
        waits.push(new Promise((resolve) => child.once('exit', resolve)));
        child.kill('SIGTERM');
      }
    }
    await Promise.all(waits);
  }
}
