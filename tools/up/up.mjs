// `npm run up`: install, make sure PostgreSQL and Redis answer, migrate, seed, start every app and
// print where each one listens. Ctrl-C stops them all.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgres, ensureRedis } from './services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);

function loadDotEnv() {
  if (!existsSync('.env')) return;
  for (const line of readFileSync('.env', 'utf8').split('\n')) {
    const match = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/);
    if (match && process.env[match[1]] === undefined)
      process.env[match[1]] = match[2].replace(/^["']|["']$/g, '');
  }
}

function step(title) {
  console.log(`\n▸ ${title}`);
}

function installIfNeeded() {
  const marker = 'node_modules/.package-lock.json';
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync('package-lock.json').mtimeMs)
    return;
  step('installing dependencies (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
}

async function ensureDatabase(databaseUrl) {
  const { default: pg } = await import('pg');
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      console.log(`creating database ${name}`);
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

const node = (script) => ['-r', './tools/register.cjs', script];

/** Every long-running app `up` starts: its entry point and the URLs to print once ready. */
function apps(env) {
  const http = `http://localhost:${env.PORT}`;
  const inference = `http://localhost:${env.MODEL_SERVER_PORT}`;
  return [
    {
      name: 'control-plane',
      args: node('apps/control-plane/src/main.ts'),
      ready: `http://127.0.0.1:${env.PORT}/readyz`,
      urls: [
        ['REST API', `${http}/api/v1`],
        ['Swagger UI', `${http}/docs`],
        ['OpenAPI', `${http}/docs/openapi.json`],
        ['gRPC (reflection)', `localhost:${env.GRPC_PORT}`],
        ['metrics', `${http}/metrics`],
      ],
    },
    {
      name: 'model-server',
      args: node('apps/model-server/src/main.ts'),
      // Its own ports; the rest of its configuration (database, artifacts) is shared.
      env: { PORT: env.MODEL_SERVER_PORT, GRPC_PORT: env.MODEL_SERVER_GRPC_PORT },
      ready: `http://127.0.0.1:${env.MODEL_SERVER_PORT}/readyz`,
      urls: [
        ['REST API', `${inference}/v1/models/{model}:generate`],
        ['OpenAI-compatible', `${inference}/v1`],
        ['gRPC (reflection)', `localhost:${env.MODEL_SERVER_GRPC_PORT}`],
        ['metrics', `${inference}/metrics`],
      ],
    },
    {
      name: 'gpu-worker',
      args: node('apps/gpu-worker/src/main.ts'),
      env: { CONTROL_PLANE_URL: `http://127.0.0.1:${env.PORT}` },
      // No HTTP port: ready once it consumes its queue (it registers with the control plane and
      // logs "registered" on its own, retrying while the control plane is not answering).
      readyLog: 'worker started',
      urls: [
        ['queue', (line) => line.queue],
        ['events', 'Redis stream alloy:job-events'],
      ],
    },
  ];
}

/** Resolves with the first JSON log line of `child` whose msg is `message`. */
function waitLog(message, child, seconds = 90) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${message}" log line after ${seconds}s`)),
      seconds * 1000,
    );
    const onData = (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const text of lines) {
        let line;
        try {
          line = JSON.parse(text);
        } catch {
          continue;
        }
        if (line.msg === message) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code}`));
    });
  });
}

async function waitReady(url, child, seconds = 90) {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready after ${seconds}s (${url})`);
}

async function main() {
  loadDotEnv();
  const env = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/alloy',
    REDIS_URL: 'redis://127.0.0.1:6379',
    PORT: '3000',
    GRPC_PORT: '50051',
    MODEL_SERVER_PORT: '8080',
    MODEL_SERVER_GRPC_PORT: '50061',
    ARTIFACT_ROOT: path.join(root, 'var/artifacts'),
    ...process.env,
  };
  installIfNeeded();
  step('checking PostgreSQL and Redis');
  await ensurePostgres(env.DATABASE_URL);
  await ensureRedis(env.REDIS_URL);
  await ensureDatabase(env.DATABASE_URL);
  mkdirSync(env.ARTIFACT_ROOT, { recursive: true });
  step('migrating and seeding');
  execFileSync(process.execPath, node('libs/db/src/cli/migrate.ts'), { stdio: 'inherit', env });
  execFileSync(process.execPath, node('libs/db/src/cli/seed.ts'), { stdio: 'inherit', env });

  step('starting apps');
  const children = [];
  const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  const readyLines = new Map();
  for (const app of apps(env)) {
    const child = spawn(process.execPath, app.args, {
      env: { ...env, ...app.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const prefix = `[${app.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (d) => process.stdout.write(d.toString().replace(/^(?=.)/gm, prefix)));
    }
    child.on('exit', (code) => {
      console.log(`${prefix}exited (${code})`);
      stopAll();
      process.exitCode = code ?? 1;
    });
    if (app.readyLog) readyLines.set(app.name, await waitLog(app.readyLog, child));
    else await waitReady(app.ready, child);
  }

  console.log('\nAlloy is up:');
  for (const app of apps(env)) {
    for (const [label, url] of app.urls) {
      const text = typeof url === 'function' ? url(readyLines.get(app.name) ?? {}) : url;
      console.log(`  ${app.name.padEnd(14)} ${label.padEnd(18)} ${text}`);
    }
  }
  console.log('\nCtrl-C stops everything.');
}

main().catch((error) => {
  console.error(`\nnpm run up failed: ${error.message}`);
  process.exit(1);
});
