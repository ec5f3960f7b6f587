import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GGMLQuantizationType, gguf } from '@huggingface/gguf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Harness,
  startControlPlane,
} from '../../apps/control-plane/test/control-plane-harness';
import {
  makeArtifactRoot,
  RegistryRows,
  type ServerHarness,
  startModelServer,
  trainerModel,
  uniqueName,
} from '../../apps/model-server/test/model-server-harness';
import { writeCorpus } from './sdk-fixtures';
import { REPO_ROOT } from './system-harness';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = path.join(REPO_ROOT, 'apps/cli/bin/alloy.cjs');

describe('the alloy CLI against a running control plane and model server', () => {
  let cp: Harness;
  let ms: ServerHarness;
  let rows: RegistryRows;
  let model: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'alloy-cli-'));
  /** A fresh config home per suite: nothing of the user's own login is read or written. */
  const configHome = mkdtempSync(path.join(tmpdir(), 'alloy-cli-config-'));

  /** Runs `alloy` as a user would, with only the environment given (and no saved login). */
  const alloy = (args: string[], env: Record<string, string> = {}, stdin = ''): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          XDG_CONFIG_HOME: configHome,
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  const asAdmin = (): Record<string, string> => ({
    ALLOY_URL: cp.baseUrl,
    ALLOY_API_KEY: inject('adminToken'),
    ALLOY_INFERENCE_URL: ms.baseUrl,
  });

  beforeAll(async () => {
    const root = await makeArtifactRoot();
    model = uniqueName('cli');
    rows = await RegistryRows.connect();
    const key = trainerModel(root, `models/${model}/1`, 11);
    // the version's files as registration records them: GGUF export reads the weights they list
    await rows.model(model, [key], [readdirSync(path.join(root, key))]);
    // the control plane reads the same store, so that it can export the version's weights
    cp = await startControlPlane({ ARTIFACT_ROOT: root });
    ms = await startModelServer(root, {
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
    });
  }, 180_000);

  afterAll(async () => {
    await ms?.close();
    await cp?.close();
    await rows?.close();
  });

  it('logs in only with a key the server accepts, saves it privately, and uses it after', async () => {
    const refused = await alloy(['login', '--url', cp.baseUrl, '--api-key', 'alloy_ak_x_y']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: .+\(UNAUTHENTICATED, HTTP 401\)/);
    expect(() => statSync(path.join(configHome, 'alloy/config.json'))).toThrow();

    const login = await alloy([
      'login',
      '--url',
      cp.baseUrl,
      '--api-key',
      inject('adminToken'),
      '--inference-url',
      ms.baseUrl,
    ]);
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const file = path.join(configHome, 'alloy/config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ url: cp.baseUrl });

    const whoami = await alloy(['whoami', '--json']);
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ kind: 'api-key', role: 'admin' });
    // The environment overrides the saved key.
    const bad = await alloy(['whoami'], { ALLOY_API_KEY: 'alloy_ak_bad_key' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('HTTP 401');
  });

  it('lists resources as tables, or as JSON for scripts', async () => {
    const domains = await alloy(['domains', 'list', '--json'], asAdmin());
    expect(domains.code).toBe(0);
    expect(JSON.parse(domains.stdout).map((d: { name: string }) => d.name)).toContain('finance');
    const versions = await alloy(['models', 'versions', model], asAdmin());
    expect(versions.code).toBe(0);
    expect(versions.stdout.split('\n')[0]).toMatch(/^VERSION\s+STATUS/);
    expect(versions.stdout).toMatch(/^1\s+ready/m);
    const plugins = await alloy(['plugins', 'list', '--json'], asAdmin());
    expect(plugins.code).toBe(0);
    expect(Array.isArray(JSON.parse(plugins.stdout))).toBe(true);
    const missing = await alloy(['models', 'versions', 'no-such-model'], asAdmin());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('HTTP 404');
  });

  it('exports a version as GGUF of the type asked for, named by the server unless --out says', async () => {
    const out = path.join(dir, 'exported.gguf');
    const run = await alloy(
      ['models', 'export', model, '1', '--type', 'q8_0', '--out', out],
      asAdmin(),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote ${out} (q8_0`);
    const { metadata, tensorInfos } = await gguf(out, { allowLocalFile: true });
    expect(metadata['general.architecture']).toBe('llama');
    const embd = tensorInfos.find((t) => t.name === 'token_embd.weight');
    expect(embd?.dtype).toBe(GGMLQuantizationType.Q8_0);

    const named = await alloy(['models', 'export', model, '1'], asAdmin());
    expect(named.code).toBe(0);
    expect(statSync(path.join(dir, `${model}-v1-f16.gguf`)).size).toBeGreaterThan(0);

    const badType = await alloy(['models', 'export', model, '1', '--type', 'q5_k'], asAdmin());
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('--type');
    const missing = await alloy(['models', 'export', model, '9'], asAdmin());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('HTTP 404');
  });

  it('uploads a dataset and prints its ingestion report', async () => {
    const file = writeCorpus(dir, 'cli-corpus.jsonl');
    const name = uniqueName('cli-corpus');
    const upload = await alloy(
      ['datasets', 'upload', file, '--name', name, '--domain', 'finance', '--kind', 'corpus'],
      asAdmin(),
    );
    expect(upload.stderr).not.toContain('error');
    expect(upload.code).toBe(0);
    expect(upload.stdout).toContain(`${name} version 1: ready`);
    expect(upload.stdout).toMatch(/records in:\s+43/);
    expect(upload.stdout).toMatch(/rejected:\s+[1-9]/);
    expect(upload.stdout).toMatch(/duplicates:\s+1 exact/);
    const listed = await alloy(['datasets', 'list', '--kind', 'corpus'], asAdmin());
    expect(listed.stdout).toContain(name);
  });

  it('names the refused field and exits 1; a usage mistake exits 2', async () => {
    const refused = await alloy(
      ['jobs', 'create', '--model', model, '--kind', 'nonsense', '--method', 'full'],
      asAdmin(),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/kind/);
    expect(refused.stderr).toContain('VALIDATION_FAILED');

    const usage = await alloy(['deployments', 'create', '--name', 'x'], asAdmin());
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--model <model>' not specified");
    const notANumber = await alloy(['models', 'list', '--limit', 'lots'], asAdmin());
    expect(notANumber.code).toBe(2);
    const noLogin = await alloy(['domains', 'list'], { XDG_CONFIG_HOME: dir });
    expect(noLogin.code).toBe(2);
    expect(noLogin.stderr).toContain('not logged in');
  });

  it('installs a plugin package, enables it for one model with checked configuration, and disables it', async () => {
    const build = (...args: string[]) =>
      new Promise<number | null>((resolve) =>
        spawn(
          process.execPath,
          [path.join(REPO_ROOT, 'libs/plugin-sdk/bin/alloy-plugin.cjs'), ...args],
          {
            cwd: REPO_ROOT,
            stdio: 'ignore',
          },
        ).on('close', resolve),
      );
    const built = path.join(dir, 'finance-plugin');
    const tarball = path.join(dir, 'finance.tgz');
    expect(await build('build', 'plugins/finance', '--out-dir', built)).toBe(0);
    expect(await build('pack', built, '--out', tarball)).toBe(0);

    const installed = await alloy(['plugins', 'install', tarball], asAdmin());
    // Another suite may have installed the same version in this organisation already.
    if (installed.code !== 0) expect(installed.stderr).toContain('PLUGIN_VERSION_EXISTS');
    else expect(installed.stdout).toContain('installed alloy.finance@1.0.0');

    const badConfig = await alloy(
      [
        'plugins',
        'enable',
        'alloy.finance',
        '--model',
        model,
        '--config',
        '{"riskDisclosure":"yes"}',
      ],
      asAdmin(),
    );
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain('riskDisclosure');
    const twoScopes = await alloy(
      ['plugins', 'enable', 'alloy.finance', '--model', model, '--organization'],
      asAdmin(),
    );
    expect(twoScopes.code).toBe(2);

    const enabled = await alloy(
      ['plugins', 'enable', 'alloy.finance', '--model', model, '--json'],
      asAdmin(),
    );
    expect(enabled.code, enabled.stderr).toBe(0);
    const enablement = JSON.parse(enabled.stdout) as { id: string; scope: string };
    expect(enablement.scope).toBe(`model:${model}`);
    const listed = await alloy(['plugins', 'list'], asAdmin());
    expect(listed.stdout).toMatch(
      new RegExp(`alloy\\.finance +1\\.0\\.0 +enabled .*model:${model}`),
    );
    const disabled = await alloy(['plugins', 'disable', 'alloy.finance', enablement.id], asAdmin());
    expect(disabled.code).toBe(0);
  });

  it('deploys a version and chats with it, in one shot and as a conversation on stdin', async () => {
    const deployment = `${model}-cli`;
    const deployed = await alloy(
      ['deployments', 'create', '--name', deployment, '--model', model, '--version', '1'],
      asAdmin(),
    );
    expect(deployed.stderr).toBe('');
    expect(deployed.stdout).toContain(`deployed ${model} as ${deployment}: v1=100%`);
    await ms.refresh();

    const once = await alloy(
      ['chat', deployment, '--message', 'What is credit risk?', '--max-tokens', '5'],
      asAdmin(),
    );
    expect(once.stderr).toBe('');
    expect(once.code).toBe(0);
    expect(once.stdout.trim().length).toBeGreaterThan(0);

    // Greedy answers: the conversation's first answer is the one-shot answer to the same message,
    // and a second answer follows it.
    const greedy = ['--max-tokens', '4', '--temperature', '0'];
    const first = await alloy(
      ['chat', deployment, '--message', 'What is credit risk?', ...greedy],
      asAdmin(),
    );
    const conversation = await alloy(
      ['chat', deployment, ...greedy],
      asAdmin(),
      'What is credit risk?\nAnd market risk?\n',
    );
    expect(conversation.stderr).toBe('');
    expect(conversation.code).toBe(0);
    expect(conversation.stdout.startsWith(first.stdout)).toBe(true);
    expect(conversation.stdout.length).toBeGreaterThan(first.stdout.length);

    const badModel = await alloy(['chat', 'no-such-model', '--message', 'hi'], asAdmin());
    expect(badModel.code).toBe(1);
    expect(badModel.stderr).toContain('HTTP 404');
  });
});
