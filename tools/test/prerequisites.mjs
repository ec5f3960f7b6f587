// What `npm test` needs on the machine, checked before any stage runs: a suite that cannot start
// (no Redis, no docker-compose) would otherwise count as one failure for all the tests it holds,
// and say nothing about how to get what it lacked. Each missing one is named with the exact
// command that installs it; `.ci/run prerequisites` installs, configures and starts all of them on
// a fresh Debian machine. The README's list of what `npm test` needs is this list.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const PYTHON = process.env.ALLOY_PYTHON ?? '/usr/bin/python3';
export const DATABASE_ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const sudo = typeof process.getuid === 'function' && process.getuid() === 0 ? '' : 'sudo ';
const apt = (...packages) =>
  `${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
/** Installs PostgreSQL and Redis if need be, trusts 127.0.0.1 for `postgres`, starts both. */
const services = `${sudo}.ci/run prerequisites`;
/**
 * A kubectl whose kustomize reads infra/k8s. Debian 12 packages only 1.20, and the official
 * binary comes from dl.k8s.io, which CI machines may not reach: optional, also under CI.
 */
export const KUBECTL_VERSION = 'v1.32.4';
const kubectlInstall =
  `curl -fsSLo /tmp/kubectl https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/$(dpkg --print-architecture)/kubectl` +
  ` && ${sudo}install -m 0755 /tmp/kubectl /usr/local/bin/kubectl`;

/** null when `command` runs and exits 0, else why not. */
function runs(command, args, timeoutMs = 20_000) {
  const result = spawnSync(command, args, { stdio: 'pipe', encoding: 'utf8', timeout: timeoutMs });
  if (result.error)
    return result.error.code === 'ENOENT' ? `${command} not found` : result.error.message;
  if (result.status !== 0)
    return (result.stderr || result.stdout || `${command} exited ${result.status}`)
      .trim()
      .split('\n')
      .at(-1);
  return null;
}

export const pythonModule = (python, module) => () => runs(python, ['-c', `import ${module}`]);

export const command = (name, args) => () => runs(name, args);

/** Answers one RESP command over a bare socket: no client library needed to ask Redis. */
export function redisPing(url, timeoutMs = 2000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    let reply = '';
    const done = (problem) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer from ${hostname}:${port || 6379}`));
    socket.once('error', (error) => done(error.message));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (!reply.includes('\r\n')) return;
      done(reply.startsWith('+PONG') ? null : `answered ${JSON.stringify(reply.trim())}`);
    });
  });
}

/** Connects as the suites do (their admin URL, no password): reachable and trusted. */
export async function postgresConnects(url, timeoutMs = 5000) {
  let pg;
  try {
    pg = (await import('pg')).default;
  } catch {
    return 'the pg package is not installed (npm ci)';
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error.message;
  } finally {
    await client.end().catch(() => {});
  }
}

function nodeVersion() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 19) ? null : `Node.js ${process.versions.node}`;
}

function openblas() {
  const dir = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu'].find((d) =>
    existsSync(path.join(d, 'libopenblas.so.0')),
  );
  return dir ? null : 'libopenblas.so.0 not found';
}

function nodeModules() {
  return existsSync(path.join(root, 'node_modules/.bin/vitest'))
    ? null
    : 'node_modules is not installed';
}

function onnxruntimeNode() {
  return runs(process.execPath, ['-e', "require('onnxruntime-node')"]);
}

function psql() {
  return runs('psql', ['--version']);
}

/** kubectl whose bundled kustomize reads the overlays (Debian 12's kubectl 1.20 does not). */
function kubectl() {
  const problem = runs('kubectl', ['version', '--client']);
  if (problem) return problem;
  return runs('kubectl', ['kustomize', path.join(root, 'infra/k8s/overlays/dev')], 60_000)
    ? 'kubectl kustomize cannot render infra/k8s (too old?)'
    : null;
}

const PYTHON_STAGES = ['vitest', 'trainer', 'first-start'];
const SERVICE_STAGES = ['vitest', 'first-start'];
const ALL = ['format', 'lint', 'typecheck', 'typecheck:console', ...PYTHON_STAGES];

/**
 * Every prerequisite: what it is, the stages that need it, a check (null when present, else the
 * problem), the command that installs it. `optional` ones let their tests skip: only kubectl, which
 * no registry CI reaches carries in a version that reads infra/k8s.
 */
export const PREREQUISITES = [
  {
    name: 'Node.js 20.19 or later',
    stages: ALL,
    check: nodeVersion,
    install: 'https://nodejs.org (20.19+)',
  },
  { name: 'node_modules', stages: ALL, check: nodeModules, install: 'npm ci' },
  {
    name: 'onnxruntime-node loads',
    stages: SERVICE_STAGES,
    check: onnxruntimeNode,
    install: 'ONNXRUNTIME_NODE_INSTALL=skip npm ci',
  },
  {
    name: `PostgreSQL at ${DATABASE_ADMIN_URL} (trust, no password)`,
    stages: SERVICE_STAGES,
    check: () => postgresConnects(DATABASE_ADMIN_URL),
    install: services,
  },
  { name: 'psql', stages: ['vitest'], check: psql, install: apt('postgresql-client') },
  {
    name: `Redis at ${REDIS_URL}`,
    stages: SERVICE_STAGES,
    check: () => redisPing(REDIS_URL),
    install: services,
  },
  {
    name: `${PYTHON} with torch`,
    stages: PYTHON_STAGES,
    check: pythonModule(PYTHON, 'torch'),
    install: apt('python3-torch', 'libopenblas0-pthread'),
  },
  {
    name: 'OpenBLAS (libopenblas0-pthread), for torch at full speed',
    stages: PYTHON_STAGES,
    check: openblas,
    install: apt('libopenblas0-pthread'),
  },
  {
    name: `${PYTHON} with pytest`,
    stages: ['trainer'],
    check: pythonModule(PYTHON, 'pytest'),
    install: apt('python3-pytest'),
  },
  {
    name: `${PYTHON} with regex`,
    stages: PYTHON_STAGES,
    check: pythonModule(PYTHON, 'regex'),
    install: apt('python3-regex'),
  },
  {
    name: `${PYTHON} with onnx`,
    stages: PYTHON_STAGES,
    check: pythonModule(PYTHON, 'onnx'),
    install: apt('python3-onnx'),
  },
  {
    name: 'docker-compose (validates docker-compose.yml, no engine needed)',
    stages: ['vitest'],
    check: command('docker-compose', ['version']),
    install: apt('docker-compose'),
  },
  {
    name: `Chromium at ${CHROMIUM} (the console's end-to-end tests)`,
    stages: ['vitest'],
    check: () => (existsSync(CHROMIUM) ? null : `${CHROMIUM} not found`),
    install: apt('chromium'),
  },
  {
    name: `kubectl, recent (${KUBECTL_VERSION} works; Debian 12's 1.20 cannot read infra/k8s)`,
    stages: ['vitest'],
    check: kubectl,
    install: kubectlInstall,
    optional: true,
  },
];

/**
 * The prerequisites of the chosen stages (all when none is chosen) that are missing, each with
 * its problem and whether it stops the run (`blocking`: every one not optional).
 */
export async function missingPrerequisites({ stages = [], prerequisites = PREREQUISITES } = {}) {
  const missing = [];
  for (const prerequisite of prerequisites) {
    if (stages.length && !prerequisite.stages.some((s) => stages.includes(s))) continue;
    const problem = await prerequisite.check();
    if (problem) missing.push({ ...prerequisite, problem, blocking: !prerequisite.optional });
  }
  return missing;
}

/** One paragraph per missing prerequisite: what, why not, the command that installs it. */
export function describeMissing(missing) {
  return missing
    .map(
      (m) =>
        `${m.blocking ? 'missing' : 'missing (optional: its tests skip)'}: ${m.name}\n` +
        `  (${m.problem})\n  install: ${m.install}`,
    )
    .join('\n');
}
