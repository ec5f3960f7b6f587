// Makes sure PostgreSQL and Redis answer: uses DATABASE_URL / REDIS_URL, starts local servers when
// their binaries exist, and otherwise says exactly what to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitUntil(host, port, seconds) {
  for (let i = 0; i < seconds * 2; i += 1) {
    if (await reachable(host, port)) return true;
    await sleep(500);
  }
  return false;
}

function isLocal(host) {
  return ['127.0.0.1', 'localhost', '::1'].includes(host);
}

export async function ensurePostgres(databaseUrl) {
  const url = new URL(databaseUrl);
  const host = url.hostname;
  const port = url.port || '5432';
  if (await reachable(host, port)) return;
  if (isLocal(host) && has('pg_ctlcluster') && existsSync('/etc/postgresql')) {
    const version = readdirSync('/etc/postgresql')[0];
    console.log(`starting PostgreSQL ${version} (pg_ctlcluster)`);
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
      stdio: 'inherit',
    });
    if (await waitUntil(host, port, 30)) return;
  }
  throw new Error(
    `PostgreSQL is not reachable at ${host}:${port}. Start one, for example:\n` +
      `  docker run -d --name alloy-postgres -p 127.0.0.1:5432:5432 -e POSTGRES_PASSWORD=alloy -e POSTGRES_DB=alloy postgres:16-alpine\n` +
      `    (then DATABASE_URL=postgres://postgres:alloy@127.0.0.1:5432/alloy)\n` +
      `  or: apt-get install -y postgresql && pg_ctlcluster 15 main start\n` +
      `or point DATABASE_URL at a running server.`,
  );
}

export async function ensureRedis(redisUrl) {
  const url = new URL(redisUrl);
  const host = url.hostname;
  const port = url.port || '6379';
  if (await reachable(host, port)) return;
  if (isLocal(host) && has('redis-server')) {
    console.log('starting redis-server');
    execFileSync(
      'redis-server',
      [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '--port',
        String(port),
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      {
        stdio: 'inherit',
      },
    );
    if (await waitUntil(host, port, 15)) return;
  }
  throw new Error(
    `Redis is not reachable at ${host}:${port}. Start one, for example:\n` +
      `  docker run -d --name alloy-redis -p 127.0.0.1:6379:6379 redis:7-alpine\n` +
      `  or: apt-get install -y redis-server && redis-server --daemonize yes\n` +
      `or point REDIS_URL at a running server.`,
  );
}
