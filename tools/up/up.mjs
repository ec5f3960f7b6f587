// `npm run up`: install, make sure PostgreSQL and Redis answer, migrate, seed, start every app and
// print where each one listens. An app that crashes is started again; Ctrl-C stops them all.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstStartSummary, runFirstStart } from './first-start.mjs';
import { installBundledPlugins } from './plugins.mjs';
import { loadSamples } from './samples.mjs';
import { loadOrCreateSecrets } from './secrets.mjs';
import { ensurePostgres, ensureRedis } from './services.mjs';
import { Supervisor } from './supervisor.mjs';

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

/** The apps started so far; a failed start stops them too, so nothing is left running. */
const supervisor = new Supervisor();
function stopAll() {
  void supervisor.stop();
}

/** Every long-running app `up` starts: its entry point and the URLs to print once ready. */
function apps(env) {
  const http = `http://localhost:${env.PORT}`;
  const inference = `http://localhost:${env.MODEL_SERVER_PORT}`;
  return [
    {
      name: 'control-plane',
      args: node('apps/control-plane/src/main.ts'),
      // The console's playground calls the model server from the browser.
      env: { CONSOLE_INFERENCE_URL: env.CONSOLE_INFERENCE_URL ?? inference },
      ready: `http://127.0.0.1:${env.PORT}/readyz`,
      urls: [
        ['console', `${http}/console`],
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
      env: {
        PORT: env.MODEL_SERVER_PORT,
        GRPC_PORT: env.MODEL_SERVER_GRPC_PORT,
        // the console (served by the control plane) is another origin
        CORS_ORIGINS: env.MODEL_SERVER_CORS_ORIGINS ?? `${http},http://127.0.0.1:${env.PORT}`,
      },
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
      env: { CONTROL_PLANE_URL: `http://127.0.0.1:${env.PORT}`, WORKER_ID: env.WORKER_ID },
      // Joins with a worker token the admin key asks for, as any worker does (README: Workers).
      before: async () => ({ WORKER_TOKEN: await workerToken(env) }),
      // No HTTP port: ready once the control plane lists it online (it registers on its own,
      // retrying while the control plane is not answering).
      ready: `http://127.0.0.1:${env.PORT}/api/v1/workers/${env.WORKER_ID}`,
      isReady: (body) => body.state === 'online',
      urls: [
        ['worker', `${http}/api/v1/workers/${env.WORKER_ID}`],
        ['events', `Redis stream ${env.REDIS_NAMESPACE ?? 'alloy'}:job-events`],
      ],
    },
  ];
}

/** The admin key's header, for the calls `up` makes itself. */
const adminHeaders = (env) => ({ authorization: `Bearer ${env.BOOTSTRAP_ADMIN_API_KEY}` });

/** A join token for the local worker (`POST /api/v1/worker-tokens`), valid for a day. */
async function workerToken(env) {
  const response = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/worker-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...adminHeaders(env) },
    body: JSON.stringify({ name: `npm run up: ${env.WORKER_ID}`, expiresInHours: 24 }),
  });
  const body = await response.json();
  if (response.status === 401)
    throw new Error(
      `the control plane does not know the admin API key in ${env.ALLOY_SECRETS_FILE}: it was ` +
        'made for another database. Restore that file, or start on an empty database.',
    );
  if (!response.ok) throw new Error(`worker token: ${response.status} ${body?.error?.message}`);
  return body.token;
}

/** Polls `url` until it answers 2xx (and `isReady` accepts its JSON body, when given). */
async function waitReady(url, child, isReady, headers, seconds = 90) {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      // A time limit: something else on the port may accept and never answer.
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
      if (response.ok && (!isReady || isReady(await response.json()))) return;
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
    // the one worker `up` starts; more can join under other ids
    WORKER_ID: 'local',
    ARTIFACT_ROOT: path.join(root, 'var/artifacts'),
    ALLOY_SECRETS_FILE: path.join(root, 'var/secrets/local.json'),
    ...process.env,
  };
  const { secrets, created } = loadOrCreateSecrets(env.ALLOY_SECRETS_FILE);
  env.SIGNING_SECRET ??= secrets.signingSecret;
  // Used by the control plane only while the installation has no user yet.
  env.BOOTSTRAP_ADMIN_EMAIL ??= secrets.adminEmail;
  env.BOOTSTRAP_ADMIN_PASSWORD ??= secrets.adminPassword;
  env.BOOTSTRAP_ADMIN_API_KEY ??= secrets.adminApiKey;
  installIfNeeded();
  step('checking PostgreSQL and Redis');
  await ensurePostgres(env.DATABASE_URL);
  await ensureRedis(env.REDIS_URL);
  await ensureDatabase(env.DATABASE_URL);
  mkdirSync(env.ARTIFACT_ROOT, { recursive: true });
  step('building the console');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      'apps/console',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  step('migrating and seeding');
  execFileSync(process.execPath, node('libs/db/src/cli/migrate.ts'), { stdio: 'inherit', env });
  execFileSync(process.execPath, node('libs/db/src/cli/seed.ts'), { stdio: 'inherit', env });

  step('starting apps');
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  for (const app of apps(env)) {
    await supervisor.start(app, env, (child) =>
      waitReady(app.ready, child, app.isReady, adminHeaders(env)),
    );
  }

  // Before the samples: their ingestion runs the plugins' dataset rules.
  step('installing the industry plugins (finance, medical, education)');
  let plugins = [];
  try {
    plugins = await installBundledPlugins({
      api: `http://127.0.0.1:${env.PORT}/api/v1`,
      token: env.BOOTSTRAP_ADMIN_API_KEY,
      root,
      workDir: path.join(root, 'var/plugins'),
    });
  } catch (error) {
    console.log(`plugins not installed: ${error.message}`);
  }

  // ALLOY_SAMPLES: `0` starts empty; `datasets` loads the sample datasets and the untrained base
  // model (quick, for scripts and tests); anything else also runs the first start's training.
  const samplesMode =
    env.ALLOY_SAMPLES === '0' ? 'none' : env.ALLOY_SAMPLES === 'datasets' ? 'datasets' : 'full';
  let samples = [];
  if (samplesMode !== 'none') {
    step('loading sample datasets and a base model (kept if already there)');
    try {
      samples = await loadSamples({
        api: `http://127.0.0.1:${env.PORT}/api/v1`,
        token: env.BOOTSTRAP_ADMIN_API_KEY,
        root,
        artifactRoot: env.ARTIFACT_ROOT,
        python: env.TRAINER_PYTHON ?? '/usr/bin/python3',
      });
    } catch (error) {
      // the apps run either way; say what is missing rather than take them down
      console.log(`samples not loaded: ${error.message}`);
    }
  }

  console.log('\nAlloy is up:');
  for (const app of apps(env)) {
    for (const [label, url] of app.urls) {
      console.log(`  ${app.name.padEnd(14)} ${label.padEnd(18)} ${url}`);
    }
  }
  if (plugins.length) {
    console.log('\nPlugins:');
    for (const [item, what] of plugins) console.log(`  ${item.padEnd(32)} ${what}`);
  }
  if (samples.length) {
    console.log('\nSamples (synthetic; datasets are cleaned by queued ingestion jobs):');
    for (const [item, what] of samples) console.log(`  ${item.padEnd(32)} ${what}`);
  }
  console.log('\nSign in:');
  if (created) {
    // On a line of its own: scripts read the key from here. Shown this once.
    console.log(`API key: ${env.BOOTSTRAP_ADMIN_API_KEY}`);
    console.log(
      `  console user ${env.BOOTSTRAP_ADMIN_EMAIL}, password ${env.BOOTSTRAP_ADMIN_PASSWORD}`,
    );
    console.log(`  (kept in ${env.ALLOY_SECRETS_FILE}, readable only by you)`);
  } else {
    console.log(`  the admin API key and password are in ${env.ALLOY_SECRETS_FILE}`);
  }
  console.log('  use it as: curl -H "Authorization: Bearer <API key>" ...');
  console.log('  rotate: POST /api/v1/api-keys (a new key), then DELETE /api/v1/api-keys/<old id>');
  console.log('\nCtrl-C stops everything.');

  const canTrain = samples.some(
    ([item, what]) => item.startsWith('base model') && ['kept', 'registered'].includes(what),
  );
  if (samplesMode === 'full' && canTrain) await firstStart(env);
}

/** The first start's training loop; a failure is reported and leaves the apps serving. */
async function firstStart(env) {
  const inference = `http://127.0.0.1:${env.MODEL_SERVER_PORT}`;
  try {
    const result = await runFirstStart({
      api: `http://127.0.0.1:${env.PORT}/api/v1`,
      inference,
      token: env.BOOTSTRAP_ADMIN_API_KEY,
      scale: env.ALLOY_FIRST_START_SCALE ?? 'full',
    });
    // the figures, for the benchmark
    if (env.ALLOY_FIRST_START_REPORT)
      writeFileSync(env.ALLOY_FIRST_START_REPORT, JSON.stringify(result, null, 2));
    for (const line of firstStartSummary(result, {
      inference: `http://localhost:${env.MODEL_SERVER_PORT}`,
    }))
      console.log(line);
    console.log(
      `\n${result.reused ? 'First start: the sample models exist, nothing trained.' : 'First start done.'}`,
    );
  } catch (error) {
    console.log(`\nfirst start stopped: ${error.message}`);
    console.log('The apps keep serving; `npm run up` again resumes where it stopped.');
  }
}

main().catch((error) => {
  console.error(`\nnpm run up failed: ${error.message}`);
  // Not process.exit: the apps already started would outlive it. This process ends once they do.
  process.exitCode = 1;
  stopAll();
});
