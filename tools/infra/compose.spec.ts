import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
    const config = loadWorkerConfig(worker.environment ?? {});
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
    expect(config.database.url).toBe(controlPlane.database.url);
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
});
