import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  command,
  describeMissing,
  missingPrerequisites,
  postgresConnects,
  PREREQUISITES,
  pythonModule,
  redisPing,
  // @ts-expect-error: an untyped .mjs module of the test runner
} from './prerequisites.mjs';
// @ts-expect-error: an untyped .mjs module of the test runner
import { removablePytestSkips } from './skip-policy.mjs';

interface Prerequisite {
  name: string;
  stages: string[];
  check: () => string | null | Promise<string | null>;
  install: string;
  optional?: boolean;
}
interface Missing extends Prerequisite {
  problem: string;
  blocking: boolean;
}

const fake = (name: string, problem: string | null, extra: Partial<Prerequisite> = {}) => ({
  name,
  stages: ['vitest'],
  check: () => problem,
  install: `install ${name}`,
  ...extra,
});

const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A TCP server on a free port that answers every connection with `reply`. */
async function answering(reply: string): Promise<number> {
  const server = net.createServer((socket) => socket.once('data', () => socket.end(reply)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("npm test's prerequisites", () => {
  it('names each missing one with its problem and the command that installs it', async () => {
    const missing: Missing[] = await missingPrerequisites({
      prerequisites: [fake('redis', 'connect ECONNREFUSED'), fake('psql', null)],
    });
    expect(missing.map((m) => [m.name, m.problem, m.blocking])).toEqual([
      ['redis', 'connect ECONNREFUSED', true],
    ]);
    const text: string = describeMissing(missing);
    expect(text).toContain('missing: redis');
    expect(text).toContain('connect ECONNREFUSED');
    expect(text).toContain('install: install redis');
  });

  it('checks only what the chosen stages need', async () => {
    const prerequisites = [
      fake('python', 'not found', { stages: ['trainer'] }),
      fake('node_modules', 'not installed', { stages: ['format', 'trainer'] }),
    ];
    const names = async (stages: string[]) =>
      ((await missingPrerequisites({ stages, prerequisites })) as Missing[]).map((m) => m.name);
    expect(await names(['format'])).toEqual(['node_modules']);
    expect(await names(['trainer'])).toEqual(['python', 'node_modules']);
    expect(await names([])).toEqual(['python', 'node_modules']);
  });

  it('lets an optional one skip its tests instead of stopping the run', async () => {
    const prerequisites = [fake('kubectl', 'kubectl not found', { optional: true })];
    const [missing] = (await missingPrerequisites({ prerequisites })) as Missing[];
    expect(missing.blocking).toBe(false);
    expect(describeMissing([missing])).toMatch(/^missing \(optional: its tests skip\): kubectl/);
  });

  it('tells a missing program and a missing Python module apart from a present one', () => {
    expect(command('alloy-no-such-program', [])()).toBe('alloy-no-such-program not found');
    expect(command(process.execPath, ['--version'])()).toBeNull();
    expect(command(process.execPath, ['-e', 'process.exit(3)'])()).toMatch(/exited 3/);
    expect(pythonModule('/nonexistent/python3', 'torch')()).toBe('/nonexistent/python3 not found');
  });

  it('asks Redis for PONG, and says what came back otherwise', async () => {
    expect(await redisPing(`redis://127.0.0.1:${await answering('+PONG\r\n')}`)).toBeNull();
    expect(
      await redisPing(
        `redis://127.0.0.1:${await answering('-NOAUTH Authentication required.\r\n')}`,
      ),
    ).toMatch(/NOAUTH/);
    expect(await redisPing(`redis://127.0.0.1:${await closedPort()}`)).toMatch(/ECONNREFUSED/);
  });

  it('reports a PostgreSQL that does not answer', async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    expect(await postgresConnects(url)).toMatch(/ECONNREFUSED/);
  });

  it('is the list the README gives: every package it installs is named there', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const packages = (PREREQUISITES as Prerequisite[]).flatMap(
      (p) =>
        /apt-get install -y --no-install-recommends (.*)$/.exec(p.install)?.[1].split(' ') ?? [],
    );
    expect(packages).toContain('docker-compose');
    expect(packages.filter((pkg) => !readme.includes(`\`${pkg}\``))).toEqual([]);
    expect(readme).toContain('kubectl');
    expect(readme).toContain('.ci/run prerequisites');
  });

  it('is what .ci/run installs', () => {
    const ci = readFileSync(path.resolve(__dirname, '../../.ci/run'), 'utf8');
    const installed = [...ci.matchAll(/packages\+=\(([^)]*)\)/g)].flatMap((m) => m[1].split(' '));
    const packages = (PREREQUISITES as Prerequisite[]).flatMap(
      (p) =>
        /apt-get install -y --no-install-recommends (.*)$/.exec(p.install)?.[1].split(' ') ?? [],
    );
    expect(packages.filter((pkg) => !installed.includes(pkg))).toEqual([]);
  });
});

describe("CI's skip policy for the trainer's tests", () => {
  it('counts a skip for a missing module or program, not one the run chose', () => {
    const output = [
      '....s..s.s',
      '=========================== short test summary info ============================',
      "SKIPPED [1] apps/gpu-worker/trainer/tests/test_model.py:135: could not import 'transformers': No module named 'transformers'",
      'SKIPPED [2] apps/gpu-worker/trainer/tests/test_tokenizer.py:72: node or @huggingface/tokenizers not installed',
      'SKIPPED [1] apps/gpu-worker/trainer/tests/test_ddp.py:20: needs two GPUs: this run is on the CPU',
      '7 passed, 4 skipped in 3.1s',
    ].join('\n');
    expect(removablePytestSkips(output)).toEqual([
      {
        count: 1,
        where: 'apps/gpu-worker/trainer/tests/test_model.py:135',
        reason: "could not import 'transformers': No module named 'transformers'",
      },
      {
        count: 2,
        where: 'apps/gpu-worker/trainer/tests/test_tokenizer.py:72',
        reason: 'node or @huggingface/tokenizers not installed',
      },
    ]);
  });
});
