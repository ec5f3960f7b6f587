import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** A free loopback port (the kernel's choice, released at once for the child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The model server as `nx serve model-server` runs it: its own entry point in its own process, so
 * that a test can send it SIGTERM or SIGKILL and see what a client of a real replica sees.
 */
export class ModelServerProcess {
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly grpcAddress: string,
  ) {
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Starts a replica on free loopback ports and waits until /readyz answers 200. */
  static async start(env: Record<string, string>, readyTimeoutMs = 120_000) {
    const port = await freePort();
    const grpcPort = await freePort();
    const child = spawn(
      process.execPath,
      ['-r', './tools/register.cjs', 'apps/model-server/src/main.ts'],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          HOST: '127.0.0.1',
          PORT: String(port),
          GRPC_PORT: String(grpcPort),
          LOG_LEVEL: 'warn',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const server = new ModelServerProcess(
      child,
      `http://127.0.0.1:${port}`,
      `127.0.0.1:${grpcPort}`,
    );
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`model server exited at start:\n${server.log.slice(-3000)}`);
      try {
        if ((await fetch(`${server.baseUrl}/readyz`)).ok) return server;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await server.stop('SIGKILL');
        throw new Error(
          `model server not ready in ${readyTimeoutMs} ms:\n${server.log.slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    this.kill(signal);
    return this.exited;
  }
}
