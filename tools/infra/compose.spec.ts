import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../apps/control-plane/src/config/app-config';

const root = path.resolve(__dirname, '../..');

interface ComposeService {
  command?: string[] | string;
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

function targets(ports: ComposeService['ports']): number[] {
  return (ports ?? []).map((p) =>
    typeof p === 'string' ? Number(p.split(':').at(-1)) : Number(p.target),
  );
}

describe('docker-compose.yml', () => {
  const compose = resolvedCompose();

  it('has postgres, redis and the control plane', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'migrate', 'control-plane']),
    );
  });

  it('starts the control plane with the same command as `nx serve control-plane`', () => {
    const command = compose.services['control-plane'].command;
    expect(Array.isArray(command) ? command.join(' ') : command).toBe(
      projectCommand('apps/control-plane', 'serve'),
    );
  });

  it('publishes the ports the control plane listens on', () => {
    const service = compose.services['control-plane'];
    const config = loadConfig(service.environment ?? {});
    expect(targets(service.ports).sort()).toEqual([config.http.port, config.grpc.port].sort());
  });

  it('builds from Dockerfiles that exist and run the same entry point', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.build) continue;
      const dockerfile = readFileSync(path.resolve(root, service.build.dockerfile), 'utf8');
      expect(dockerfile, name).toMatch(/^FROM .* AS deps$/m);
      expect(dockerfile, name).toContain('apps/control-plane/src/main.ts');
    }
  });
});
