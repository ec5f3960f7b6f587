import { fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from '../test/build-fixture';
import {
  PluginHost,
  PluginLoadError,
  PluginRefusal,
  ResponsePipeline,
  runDatasetRecordHooks,
  runRequestHooks,
  sandboxExecArgv,
  type PluginBinding,
  type PluginFailure,
} from './index';

// Plugins that misbehave in every way we know, each in its real sandbox process: each failure
// is contained, reported with its kind, and the next call to the same plugin works.
describe('containment of misbehaving plugins', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'alloy-plugin-containment-'));
  const failures: PluginFailure[] = [];
  const host = new PluginHost({
    logger: pino({ level: 'silent' }),
    onFailure: (f) => failures.push(f),
  });
  let closed: PluginBinding;
  let open: PluginBinding;
  const request = { api: 'rest' as const, model: 'm', version: 1 };

  async function ask(binding: PluginBinding, prompt: string) {
    return runRequestHooks([binding], { ...request, prompt });
  }

  /** Runs `prompt` on the fail-closed plugin; returns the failure it reported, after checking the plugin still answers. */
  async function failureOf(prompt: string): Promise<PluginFailure> {
    failures.length = 0;
    const outcome = await ask(closed, prompt);
    expect(outcome).toEqual({
      outcome: 'refuse',
      reason: expect.stringContaining('plugin test.misbehaving-closed failed'),
      pluginId: 'test.misbehaving-closed',
    });
    expect(failures).toHaveLength(1);
    const [failure] = failures;
    expect(await ask(closed, 'hello')).toEqual({
      outcome: 'pass',
      request: { ...request, prompt: 'ok hello' },
    });
    return failure;
  }

  beforeAll(async () => {
    const build = async (policy: 'open' | 'closed') =>
      host.load(
        (
          await buildFixture('misbehaving', path.join(root, policy), {
            __ID__: `test.misbehaving-${policy}`,
            __POLICY__: policy,
            __NETWORK__: [],
          })
        ).dir,
      );
    closed = { handle: await build('closed'), config: {}, organizationId: 'org-1' };
    open = { handle: await build('open'), config: {}, organizationId: 'org-1' };
  });

  afterAll(() => {
    host.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reports a throw with its message', async () => {
    expect(await failureOf('throw')).toMatchObject({
      pluginId: 'test.misbehaving-closed',
      version: '0.0.1',
      hook: 'inference.request',
      kind: 'threw',
      message: 'the plugin gave up',
    });
  });

  it('kills a plugin that loops forever and starts it again', async () => {
    expect(await failureOf('loop')).toMatchObject({ kind: 'timeout' });
  });

  it('kills a plugin that allocates without bound', async () => {
    expect(await failureOf('allocate')).toMatchObject({ kind: 'memory' });
  });

  it('kills a plugin that grows its memory outside the heap, with typed arrays', async () => {
    expect(await failureOf('buffers')).toMatchObject({ kind: 'memory' });
  });

  it('refuses Node modules: reading /etc/passwd, writing a file, spawning, opening sockets', async () => {
    expect(await failureOf('read-passwd')).toMatchObject({
      kind: 'refused-permission',
      message: 'plugin test.misbehaving-closed may not load "fs"',
    });
    const target = path.join(root, 'written-by-plugin.txt');
    expect(await failureOf(`write-file ${target}`)).toMatchObject({ kind: 'refused-permission' });
    expect(existsSync(target)).toBe(false);
    expect(await failureOf('spawn')).toMatchObject({
      kind: 'refused-permission',
      message: 'plugin test.misbehaving-closed may not load "child_process"',
    });
    expect(await failureOf('net')).toMatchObject({
      kind: 'refused-permission',
      message: 'plugin test.misbehaving-closed may not load "net"',
    });
  });

  it('refuses a fetch of a host the manifest does not declare', async () => {
    expect(await failureOf('fetch http://127.0.0.1:9/')).toMatchObject({
      kind: 'refused-permission',
      message: expect.stringContaining('may not reach 127.0.0.1:9'),
    });
  });

  it('treats a result of the wrong shape as a failure', async () => {
    expect(await failureOf('invalid')).toMatchObject({
      kind: 'invalid',
      message: 'prompt: must be a string',
    });
  });

  it('gives plugin code no object of the host realm and no way to compile code', async () => {
    const outcome = await ask(closed, 'escape');
    expect(outcome.outcome).toBe('pass');
    const lines = outcome.outcome === 'pass' ? (outcome.request.prompt ?? '').split('\n') : [];
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((l) => !l.startsWith('blocked'))).toEqual([]);
  });

  it('fails open: the request goes on unchanged, and the failure is still reported', async () => {
    failures.length = 0;
    expect(await runRequestHooks([open, closed], { ...request, prompt: 'throw' })).toMatchObject({
      outcome: 'refuse',
      pluginId: 'test.misbehaving-closed',
    });
    expect(await runRequestHooks([open], { ...request, prompt: 'loop' })).toEqual({
      outcome: 'pass',
      request: { ...request, prompt: 'loop' },
    });
    expect(failures.map((f) => `${f.pluginId}:${f.kind}`)).toEqual([
      'test.misbehaving-open:threw',
      'test.misbehaving-closed:threw',
      'test.misbehaving-open:timeout',
    ]);
  });

  it('fails dataset records closed (rejected, naming the failure) or open (kept)', async () => {
    const position = { kind: 'corpus' as const, line: 3 };
    expect(await runDatasetRecordHooks([closed], { text: 'throw' }, position)).toEqual({
      outcome: 'drop',
      reason: 'failed:threw',
      pluginId: 'test.misbehaving-closed',
    });
    expect(await runDatasetRecordHooks([open], { text: 'throw' }, position)).toEqual({
      outcome: 'keep',
      record: { text: 'throw' },
    });
  });

  it('fails responses closed (PluginRefusal) or open (segment unchanged)', async () => {
    const openPipeline = new ResponsePipeline([open], { ...request, prompt: 'q' });
    expect(await openPipeline.push('fine. ')).toBe('FINE. ');
    expect(await openPipeline.push('throw this. ')).toBe('throw this. ');
    const closedPipeline = new ResponsePipeline([closed], { ...request, prompt: 'q' });
    const refusal = await closedPipeline.processWhole('throw it').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PluginRefusal);
    expect(refusal).toMatchObject({ pluginId: 'test.misbehaving-closed', kind: 'threw' });
  });

  it('refuses to load a plugin whose manifest is invalid, before running anything', async () => {
    const dir = path.join(root, 'bad-manifest');
    await buildFixture('misbehaving', dir, {
      __ID__: 'test.bad',
      __POLICY__: 'closed',
      __NETWORK__: [],
    });
    const file = path.join(dir, 'alloy-plugin.json');
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), id: 'Not An Id' }),
    );
    await expect(host.load(dir)).rejects.toThrow(PluginLoadError);
  });

  it('refuses a bundle whose manifest is not the one alloy-plugin.json declares', async () => {
    const dir = path.join(root, 'widened');
    await buildFixture('misbehaving', dir, {
      __ID__: 'test.widened',
      __POLICY__: 'closed',
      __NETWORK__: [],
    });
    const file = path.join(dir, 'alloy-plugin.json');
    const declared = JSON.parse(readFileSync(file, 'utf8'));
    // Declares a network permission the code does not: the sandbox must notice.
    writeFileSync(file, JSON.stringify({ ...declared, permissions: { network: ['example.com'] } }));
    const binding = { handle: await host.load(dir), config: {}, organizationId: 'org-1' };
    failures.length = 0;
    expect((await ask(binding, 'hello')).outcome).toBe('refuse');
    expect(failures[0]).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('differs from alloy-plugin.json'),
    });
  });

  it('runs the sandbox process without file access outside the plugin, child processes or workers', async () => {
    // What stops plugin code that got out of its vm context: the process's own permissions.
    const dir = closed.handle.dir;
    const probe = path.join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `const r = {};
       const t = (n, f) => { try { f(); r[n] = 'allowed'; } catch (e) { r[n] = e.code || e.message; } };
       t('read /etc/passwd', () => require('fs').readFileSync('/etc/passwd'));
       t('write', () => require('fs').writeFileSync(${JSON.stringify(path.join(root, 'probe-out'))}, 'x'));
       t('spawn', () => require('child_process').execSync('id'));
       t('worker', () => new (require('worker_threads').Worker)('0', { eval: true }));
       t('bindings', () => process.binding('tcp_wrap'));
       t('eval', () => eval('1'));
       process.send(r, () => process.exit(0));`,
    );
    const child = fork(probe, [], {
      execArgv: sandboxExecArgv(dir, probe, 64),
      env: {},
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const [result] = (await once(child, 'message')) as [Record<string, string>];
    expect(result).toEqual({
      'read /etc/passwd': 'ERR_ACCESS_DENIED',
      write: 'ERR_ACCESS_DENIED',
      spawn: 'ERR_ACCESS_DENIED',
      worker: 'ERR_ACCESS_DENIED',
      bindings: 'ERR_ACCESS_DENIED',
      eval: 'Code generation from strings disallowed for this context',
    });
  });
});
