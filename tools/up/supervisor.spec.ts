import { describe, expect, it } from 'vitest';
// @ts-expect-error: an untyped .mjs module of the `up` script
import { Supervisor } from './supervisor.mjs';

interface Child {
  pid: number;
  exitCode: number | null;
  signalCode: string | null;
  once(event: 'exit', listener: () => void): void;
}

const app = (name: string, script: string) => ({ name, args: ['-e', script], env: {} });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `test` holds, polling; fails after `ms`. */
async function until(test: () => boolean, ms = 10_000): Promise<void> {
  for (const start = Date.now(); !test(); await sleep(20))
    if (Date.now() - start > ms) throw new Error('timed out');
}

function supervised() {
  const lines: string[] = [];
  const supervisor = new Supervisor({
    log: (line: string) => lines.push(line),
    backoff: { firstMs: 50, maxMs: 200, stableMs: 60_000 },
  });
  return { supervisor, lines };
}

describe('the supervisor of npm run up', () => {
  it('restarts an app that crashes, with a growing pause, and keeps the others running', async () => {
    const { supervisor, lines } = supervised();
    // one app crashes 100 ms after each start; the other serves all along
    await supervisor.start(
      app('crasher', 'setTimeout(() => process.exit(3), 100)'),
      process.env,
      () => sleep(10),
    );
    await supervisor.start(app('steady', 'setInterval(() => {}, 1000)'), process.env, () =>
      sleep(10),
    );
    const steady = supervisor.child('steady') as Child;
    await until(() => lines.filter((l) => l.includes('[crasher] restarted')).length >= 3);
    const pauses = lines
      .map((l) => /\[crasher\] exited \(code 3\);.* restarting it in ([\d.]+)s/.exec(l)?.[1])
      .filter(Boolean)
      .map(Number);
    expect(pauses.slice(0, 4)).toEqual([0.05, 0.1, 0.2, 0.2].slice(0, pauses.length));
    // the steady app is the same process it was
    expect(supervisor.child('steady').pid).toBe(steady.pid);
    expect(steady.exitCode).toBeNull();
    await supervisor.stop();
  });

  it('stops everything for good: nothing restarts after stop', async () => {
    const { supervisor, lines } = supervised();
    await supervisor.start(app('server', 'setInterval(() => {}, 1000)'), process.env, () =>
      sleep(10),
    );
    const child = supervisor.child('server') as Child;
    await supervisor.stop();
    expect(child.signalCode).toBe('SIGTERM');
    await sleep(300);
    expect(lines.some((l) => l.includes('restart'))).toBe(false);
  });

  it('fails the start when the app exits before it is ready, without restarting it', async () => {
    const { supervisor, lines } = supervised();
    await expect(
      supervisor.start(app('broken', 'process.exit(1)'), process.env, async (child: Child) => {
        await new Promise<void>((resolve) => child.once('exit', () => resolve()));
        throw new Error('exited before it was ready');
      }),
    ).rejects.toThrow('exited before it was ready');
    await sleep(200);
    expect(lines.filter((l) => l.includes('restart'))).toEqual([]);
    await supervisor.stop();
  });

  it('shows one readable line per JSON log event, requests summed up', async () => {
    const { supervisor, lines } = supervised();
    const event = {
      level: 30,
      time: Date.now(),
      service: 'control-plane',
      req: { method: 'GET', url: '/api/v1/domains', headers: { host: 'x' } },
      res: { statusCode: 200 },
      responseTime: 7,
      msg: 'request completed',
    };
    const script = `console.log(${JSON.stringify(JSON.stringify(event))}); console.log('plain text'); setInterval(() => {}, 1000)`;
    await supervisor.start(app('api', script), process.env, () => sleep(10));
    await until(() => lines.some((l) => l.includes('plain text')));
    const request = lines.find((l) => l.startsWith('[api] ') && l.includes('/api/v1/domains'));
    expect(request).toMatch(/^\[api\] .*INFO.*GET \/api\/v1\/domains 200 7ms/);
    expect(request).not.toContain('headers');
    expect(lines).toContain('[api] plain text');
    await supervisor.stop();
  });
});
