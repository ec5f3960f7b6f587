import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ROLES } from '@alloy/db';
import { loadConfig } from '../../apps/control-plane/src/config/app-config';
import { loadConfig as loadWorkerConfig } from '../../apps/gpu-worker/src/config/worker-config';
import { loadConfig as loadModelServerConfig } from '../../apps/model-server/src/config/server-config';

const root = path.resolve(__dirname, '../..');

interface ComposeService {
  command?: string[] | string;
  volumes?: (string | { source?: string; target: string })[];
  ports?: (string | { target: number; published: number | string })[];
  build?: { dockerfile: string };
  environment?: Record<string, string>;
}

/** The compose file as Docker's own parser resolves it (anchors, merges, interpolation). */
function resolvedCompose(): { services: Record<string, ComposeService> } {
  const out = execFileSync(
    'docker-compose',
    ['-f', path.join(root, 'docker-compose.yml'), 'config'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  return parse(out) as { services: Record<string, ComposeService> };
}

function projectCommand(project: string, target: string): string {
  const json = JSON.parse(readFileSync(path.join(root, project, 'project.json'), 'utf8')) as {
    targets: Record<string, { command: string }>;
  };
  return json.targets[target].command;
}

function joined(command: ComposeService['command']): string | undefined {
  return Array.isArray(command) ? command.join(' ') : command;
}

/** `volume:/path` pairs of a service, whatever form the resolved file uses. */
function mounts(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    (service.volumes ?? []).map((v) =>
      typeof v === 'string' ? [v.split(':')[0], v.split(':')[1]] : [v.source ?? '', v.target],
    ),
  );
}

/** The exec-form CMD of a Dockerfile, as one command line. */
function dockerfileCommand(text: string): string | undefined {
  const cmd = /^CMD (\[.*\])\s*$/m.exec(text)?.[1];
  return cmd ? (JSON.parse(cmd) as string[]).join(' ') : undefined;
}

/** user, password and the database (`host:port/name`) of a DATABASE_URL. */
function databaseLogin(url: string | undefined): {
  user: string;
  password: string;
  database: string;
} {
  const parsed = new URL(url ?? '');
  return {
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: `${parsed.host}${parsed.pathname}`,
  };
}

function targets(ports: ComposeService['ports']): number[] {
  return (ports ?? []).map((p) =>
    typeof p === 'string' ? Number(p.split(':').at(-1)) : Number(p.target),
  );
}

describe('docker-compose.yml', () => {
  const compose = resolvedCompose();

  it('has postgres, redis, the control plane, a model server and a GPU worker', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        'postgres',
        'redis',
        'migrate',
        'control-plane',
        'model-server',
        'gpu-worker',
      ]),
    );
  });

  it('starts the control plane with the same command as `nx serve control-plane`', () => {
    const command = compose.services['control-plane'].command;
    expect(joined(command)).toBe(projectCommand('apps/control-plane', 'serve'));
  });

  it('starts the GPU worker with the same command as `nx serve gpu-worker`', () => {
    expect(joined(compose.services['gpu-worker'].command)).toBe(
      projectCommand('apps/gpu-worker', 'serve'),
    );
  });

  it('publishes the ports the control plane listens on', () => {
    const service = compose.services['control-plane'];
    const config = loadConfig(service.environment ?? {});
    expect(targets(service.ports).sort()).toEqual([config.http.port, config.grpc.port].sort());
  });

  it('gives the worker a valid configuration that reaches the control plane and shares its artifacts and Redis namespace', () => {
    const worker = compose.services['gpu-worker'];
    // The join token is created through the running control plane: the file leaves it to .env.
    expect(worker.environment?.WORKER_TOKEN).toBe('');
    const config = loadWorkerConfig({
      ...worker.environment,
      WORKER_TOKEN: `alloy_wj_${'a'.repeat(16)}_${'b'.repeat(43)}`,
    });
    const controlPlane = loadConfig(compose.services['control-plane'].environment ?? {});
    expect(config.controlPlane.url).toBe(`http://control-plane:${controlPlane.http.port}`);
    // Another namespace would be refused at registration.
    expect(config.redis.namespace).toBe(controlPlane.redis.namespace);
    expect(worker.ports ?? []).toEqual([]);
    const artifacts = mounts(compose.services['control-plane']);
    expect(mounts(worker)).toMatchObject(artifacts);
    expect(config.artifacts.root).toBe(controlPlane.artifacts.root);
    expect(Object.values(artifacts)).toContain(config.artifacts.root);
  });

  it('starts the model server with the same command as `nx serve model-server`', () => {
    expect(joined(compose.services['model-server'].command)).toBe(
      projectCommand('apps/model-server', 'serve'),
    );
  });

  it('publishes the ports the model server listens on, and gives it the control plane database and artifacts', () => {
    const service = compose.services['model-server'];
    const config = loadModelServerConfig(service.environment ?? {});
    expect(targets(service.ports).sort()).toEqual([config.http.port, config.grpc.port].sort());
    const controlPlane = loadConfig(compose.services['control-plane'].environment ?? {});
    // the same database, under its own role
    expect(databaseLogin(config.database.url).database).toBe(
      databaseLogin(controlPlane.database.url).database,
    );
    expect(config.artifacts.root).toBe(controlPlane.artifacts.root);
    expect(mounts(service)).toMatchObject(mounts(compose.services['control-plane']));
  });

  it("builds from Dockerfiles that exist, each running its own app's entry point", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.build) continue;
      const file = service.build.dockerfile;
      const app = /infra\/docker\/([a-z-]+)\.Dockerfile$/.exec(file)?.[1];
      expect(app, `${name}: ${file}`).toBeDefined();
      const dockerfile = readFileSync(path.resolve(root, file), 'utf8');
      expect(dockerfile, name).toMatch(/^FROM .* AS deps$/m);
      const serve = projectCommand(`apps/${app}`, 'serve');
      expect(dockerfileCommand(dockerfile), file).toBe(serve);
      // a service named after its app runs what its image runs (migrate reuses an image)
      if (name === app) expect(joined(service.command), name).toBe(serve);
    }
  });

  it('publishes neither PostgreSQL nor Redis on the host', () => {
    expect(compose.services.postgres.ports ?? []).toEqual([]);
    expect(compose.services.redis.ports ?? []).toEqual([]);
  });

  it('requires a Redis password, and every app reaching Redis carries it', () => {
    const redis = compose.services.redis;
    const password = redis.environment?.REDIS_PASSWORD ?? '';
    expect(password.length).toBeGreaterThan(0);
    expect(joined(redis.command)).toMatch(/--requirepass "\$\$?REDIS_PASSWORD"/);
    expect(redis.environment?.REDISCLI_AUTH).toBe(password);
    const clients = Object.entries(compose.services).filter(([, s]) => s.environment?.REDIS_URL);
    expect(clients.map(([name]) => name).sort()).toEqual([
      'control-plane',
      'gpu-worker',
      'model-server',
    ]);
    for (const [name, service] of clients) {
      const url = new URL(service.environment?.REDIS_URL ?? '');
      expect(url.host, name).toBe('redis:6379');
      expect(decodeURIComponent(url.password), name).toBe(password);
    }
  });

  it('connects each app to PostgreSQL with a role of its own, created by the init script', () => {
    const postgres = compose.services.postgres;
    const passwords = postgres.environment ?? {};
    const expected = {
      migrate: [APP_ROLES.migrator, 'ALLOY_MIGRATOR_DB_PASSWORD'],
      'control-plane': [APP_ROLES.controlPlane, 'ALLOY_CONTROL_PLANE_DB_PASSWORD'],
      'model-server': [APP_ROLES.modelServer, 'ALLOY_MODEL_SERVER_DB_PASSWORD'],
    };
    const users = Object.values(compose.services)
      .map((service) => service.environment?.DATABASE_URL)
      .filter((url) => url !== undefined)
      .map((url) => databaseLogin(url).user);
    expect(users.sort()).toEqual(
      Object.values(expected)
        .map(([role]) => role)
        .sort(),
    );
    for (const [name, [role, passwordKey]] of Object.entries(expected)) {
      const login = databaseLogin(compose.services[name].environment?.DATABASE_URL);
      expect(login.user, name).toBe(role);
      expect(login.database, name).toBe(`postgres:5432/${passwords.POSTGRES_DB}`);
      expect(login.password, name).toBe(passwords[passwordKey]);
      expect(login.password, name).not.toBe(passwords.POSTGRES_PASSWORD);
    }
    // the superuser is left to the init script
    expect(users).not.toContain(passwords.POSTGRES_USER);
    const initdb = Object.entries(mounts(postgres)).find(
      ([, target]) => target === '/docker-entrypoint-initdb.d',
    )?.[0];
    expect(initdb && path.relative(root, initdb)).toBe('infra/postgres/initdb');
    const script = readFileSync(path.join(root, 'infra/postgres/initdb/10-alloy-roles.sh'), 'utf8');
    for (const [, passwordKey] of Object.values(expected)) expect(script).toContain(passwordKey);
    const roles = readFileSync(path.join(root, 'infra/postgres/initdb/alloy-roles.psql'), 'utf8');
    for (const role of Object.values(APP_ROLES))
      expect(roles).toContain(`ALTER ROLE ${role} WITH LOGIN`);
  });

  it('opens the apps beyond loopback in their containers, on purpose', () => {
    for (const name of ['control-plane', 'model-server']) {
      expect(compose.services[name].environment?.HOST, name).toBe('0.0.0.0');
      const dockerfile = readFileSync(path.join(root, `infra/docker/${name}.Dockerfile`), 'utf8');
      expect(dockerfile, name).toMatch(/^ENV HOST=0\.0\.0\.0$/m);
    }
  });
});
