// `node tools/up/up.mjs` as a newcomer runs it, on a database, artifact store, Redis namespace and
// ports of its own, for the tests of `npm run up` and of the first start.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { inject } from 'vitest';
import { freePort } from '../../apps/control-plane/test/control-plane-harness';
import { REPO_ROOT } from './system-harness';

/** The last line `up` prints once every app answers. */
export const READY_LINE = 'Ctrl-C stops everything.';

export async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: inject('adminDatabaseUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Where one installation keeps its state: a second start on the same home finds what the first made. */
export interface UpHome {
  database: string;
  artifactRoot: string;
  workDir: string;
  workerId: string;
}

export function newUpHome(): UpHome {
  return {
    database: `alloy_up_${randomBytes(4).toString('hex')}`,
    artifactRoot: mkdtempSync(path.join(tmpdir(), 'alloy-up-artifacts-')),
    workDir: mkdtempSync(path.join(tmpdir(), 'alloy-up-work-')),
    workerId: `up-${randomBytes(4).toString('hex')}`,
  };
}

/** `node tools/up/up.mjs` on a database, artifact store and ports of its own. */
export class UpProcess {
  readonly database: string;
  readonly artifactRoot: string;
  readonly workDir: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output = '';

  constructor(
    readonly ports: { api: number; grpc: number; model: number; modelGrpc: number },
    extraEnv: Record<string, string> = {},
    readonly home: UpHome = newUpHome(),
  ) {
    ({ database: this.database, artifactRoot: this.artifactRoot, workDir: this.workDir } = home);
    const databaseUrl = new URL(inject('adminDatabaseUrl'));
    databaseUrl.pathname = `/${this.database}`;
    this.child = spawn(process.execPath, ['tools/up/up.mjs'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl.toString(),
        REDIS_URL: inject('redisUrl'),
        // The run's namespace: the global teardown deletes its keys.
        REDIS_NAMESPACE: inject('redisNamespace'),
        PORT: String(ports.api),
        GRPC_PORT: String(ports.grpc),
        MODEL_SERVER_PORT: String(ports.model),
        MODEL_SERVER_GRPC_PORT: String(ports.modelGrpc),
        ARTIFACT_ROOT: this.artifactRoot,
        WORK_DIR: this.workDir,
        WORKER_ID: home.workerId,
        ALLOY_SECRETS_FILE: path.join(this.workDir, 'secrets/local.json'),
        // Everything the apps log, so the secrets test sees every line a production log could hold.
        LOG_LEVEL: 'debug',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
  }

  static async onFreePorts(
    extraEnv: Record<string, string> = {},
    home?: UpHome,
  ): Promise<UpProcess> {
    return new UpProcess(
      {
        api: await freePort(),
        grpc: await freePort(),
        model: await freePort(),
        modelGrpc: await freePort(),
      },
      extraEnv,
      home,
    );
  }

  /** Ctrl-C, as a person stops it; the database and files stay for another start. */
  async interrupt(): Promise<void> {
    if (this.child.exitCode === null) {
      this.child.kill('SIGINT');
      await this.exited;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      this.child.kill('SIGINT');
      await this.exited;
    }
    await admin(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    rmSync(this.artifactRoot, { recursive: true, force: true });
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
