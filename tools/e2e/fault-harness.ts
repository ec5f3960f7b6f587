import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { REPO_ROOT } from './system-harness';

/** A child process whose output is kept for the failure message. */
class Child {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private output = '';

  constructor(command: string, args: string[], env: Record<string, string>) {
    this.child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get log(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** The control plane as its own process (`main.ts`, as production runs it), so it can be killed. */
export class ControlPlaneProcess extends Child {
  constructor(
    readonly port: number,
    env: Record<string, string>,
  ) {
    super(process.execPath, ['-r', './tools/register.cjs', 'apps/control-plane/src/main.ts'], {
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves once /readyz answers 200; throws when the process exits first. */
  async ready(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`the control plane exited before it was ready:\n${this.log.slice(-3000)}`);
      const ok = await fetch(`${this.baseUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error(`the control plane was not ready in time:\n${this.log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/**
 * A Redis of the test's own, without persistence: stopping it loses every key, as a crashed
 * Redis without AOF/RDB does. The shared Redis of the machine is never touched.
 */
export class PrivateRedis {
  private server: Child | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = new Child(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {},
    );
    const deadline = Date.now() + 20_000;
    while (!(await this.answers())) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${this.server.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** kill -9: whatever it held is gone. */
  async kill(): Promise<void> {
    await this.server?.stop('SIGKILL');
    this.server = null;
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = createConnection(this.port, '127.0.0.1');
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
    });
  }
}

/**
 * A TCP proxy in front of PostgreSQL. `cut()` closes every open connection and refuses new ones
 * (the listener is closed: the port answers connection refused), as a database host that went
 * away does; `restore()` listens again on the same port. The database itself stays up.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.targetPort, this.targetHost);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : this.port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = server ? new Promise((r) => server.close(r)) : Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  restore(): Promise<void> {
    return this.listen();
  }

  async close(): Promise<void> {
    await this.cut();
  }
}

/** The rows of the fault table this file prints at its end. */
export const faultTable: { fault: string; result: string }[] = [];

export function printFaultTable(): void {
  if (!faultTable.length) return;
  const width = Math.max(...faultTable.map((r) => r.fault.length), 5);
  const lines = [
    `${'fault'.padEnd(width)} | result`,
    `${'-'.repeat(width)}-+-${'-'.repeat(40)}`,
    ...faultTable.map((r) => `${r.fault.padEnd(width)} | ${r.result}`),
  ];
  console.log(`\nfault table\n${lines.join('\n')}\n`);
}
