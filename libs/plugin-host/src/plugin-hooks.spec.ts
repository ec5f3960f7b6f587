import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from '../test/build-fixture';
import {
  callTool,
  listEvaluators,
  listTools,
  pluginRecordCleaners,
  PluginHost,
  ResponsePipeline,
  runDatasetRecordHooks,
  runEvaluator,
  runRequestHooks,
  type PluginBinding,
  type PluginFailure,
} from './index';

// A well-behaved plugin, built from its TypeScript source and run in its real sandbox process.
describe('plugin hooks, end to end', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'alloy-plugin-hooks-'));
  const failures: PluginFailure[] = [];
  const logLines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString('utf8')));
        done();
      },
    }),
  );
  const host = new PluginHost({ logger, onFailure: (f) => failures.push(f) });
  let server: Server;
  let binding: PluginBinding;
  const request = { api: 'rest' as const, model: 'finance-7b', version: 3 };

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('green'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const built = await buildFixture('well-behaved', path.join(root, 'well-behaved'), {
      __NETWORK__: [`127.0.0.1:${port}`],
    });
    const handle = await host.load(built.dir);
    binding = {
      handle,
      config: { statusUrl: `http://127.0.0.1:${port}/status`, disclaimer: 'Not financial advice.' },
      organizationId: 'org-acme',
      domain: 'finance',
    };
  });

  afterAll(() => {
    host.close();
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('loads a built plugin once per bundle and logs it', async () => {
    expect(await host.load(binding.handle.dir)).toBe(binding.handle);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: 'plugin loaded',
        pluginId: 'test.well-behaved',
        version: '1.2.3',
      }),
    );
  });

  it('rewrites, keeps and drops dataset records, also as cleaners of the ingestion pipeline', async () => {
    const position = { kind: 'corpus' as const, line: 7, domain: 'finance' };
    expect(
      await runDatasetRecordHooks([binding], { text: 'SSN 123-45-6789 on file' }, position),
    ).toEqual({
      outcome: 'keep',
      record: { text: 'SSN [ssn] on file (line 7)' },
    });
    expect(await runDatasetRecordHooks([binding], { text: 'DROP ME please' }, position)).toEqual({
      outcome: 'drop',
      reason: 'marked',
      pluginId: 'test.well-behaved',
    });
    const [cleaner] = pluginRecordCleaners([binding]);
    expect(cleaner.name).toBe('test.well-behaved');
    expect(
      await cleaner.clean({ text: 'DROP ME' }, { kind: 'corpus', line: 1, domain: 'finance' }),
    ).toEqual({
      reject: 'marked',
    });
    // The plugin names only the finance domain.
    expect(
      await cleaner.clean({ text: 'DROP ME' }, { kind: 'corpus', line: 1, domain: 'medical' }),
    ).toEqual({
      text: 'DROP ME',
    });
  });

  it('passes, rewrites and refuses requests', async () => {
    expect(await runRequestHooks([binding], { ...request, prompt: 'What is a bond?' })).toEqual({
      outcome: 'pass',
      request: { ...request, prompt: 'What is a bond?' },
    });
    const chat = await runRequestHooks([binding], {
      ...request,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(chat).toEqual({
      outcome: 'pass',
      request: {
        ...request,
        messages: [
          { role: 'system', content: 'org org-acme' },
          { role: 'user', content: 'hi' },
        ],
      },
    });
    expect(await runRequestHooks([binding], { ...request, prompt: 'any insider tips?' })).toEqual({
      outcome: 'refuse',
      reason: 'insider trading questions are refused',
      pluginId: 'test.well-behaved',
    });
  });

  it("forwards the plugin's console to the host log, tagged with the plugin", async () => {
    await runRequestHooks([binding], { ...request, prompt: 'log this' });
    expect(logLines).toContainEqual(
      expect.objectContaining({
        pluginId: 'test.well-behaved',
        source: 'plugin',
        msg: 'request seen {"model":"finance-7b"}',
      }),
    );
  });

  it('fetches from a host the manifest declares, through the host', async () => {
    expect(await runRequestHooks([binding], { ...request, prompt: 'status?' })).toEqual({
      outcome: 'pass',
      request: { ...request, prompt: 'status? status=200 green' },
    });
  });

  it('processes a streamed response segment by segment, whatever the chunking', async () => {
    const pipeline = new ResponsePipeline([binding], { ...request, prompt: 'q' });
    let sent = '';
    for (const delta of ['Returns are guar', 'anteed. Or', ' not', '. Bye'])
      sent += await pipeline.push(delta);
    expect(sent).toBe('Returns are expected. Or not. ');
    sent += await pipeline.finish();
    expect(sent).toBe('Returns are expected. Or not. Bye\nNot financial advice.');
    expect(pipeline.annotations).toEqual(['softened a promise', 'segments:2']);
  });

  it('processes a whole response as one final segment', async () => {
    const pipeline = new ResponsePipeline([binding], { ...request, prompt: 'q' });
    expect(await pipeline.processWhole('Gains are guaranteed.')).toBe(
      'Gains are guaranteed.\nNot financial advice.',
    );
  });

  it('lists tools in the OpenAI shape and calls them with validated arguments', async () => {
    const tools = await listTools([binding]);
    expect(tools.map((t) => [t.function.name, t.pluginId])).toEqual([
      ['add_numbers', 'test.well-behaved'],
      ['fail_always', 'test.well-behaved'],
    ]);
    expect(tools[0]).toMatchObject({
      type: 'function',
      function: { description: 'Adds two numbers.' },
    });
    expect(await callTool([binding], 'add_numbers', '{"a": 2, "b": 40}')).toEqual({
      ok: true,
      result: { sum: 42 },
    });
    const bad = await callTool([binding], 'add_numbers', '{"a": "two"}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/arguments/);
    const thrown = await callTool([binding], 'fail_always', '{}');
    expect(!thrown.ok && thrown.error).toMatch(/the ledger is closed/);
    expect(await callTool([binding], 'no_such_tool', '{}')).toEqual({
      ok: false,
      error: 'no tool named no_such_tool',
    });
  });

  it('runs an evaluator against a generator and reports the means', async () => {
    expect(await listEvaluators([binding])).toEqual([
      {
        name: 'exact_answer',
        description: 'Whether the output is the expected answer.',
        pluginId: 'test.well-behaved',
      },
    ]);
    const answers: Record<string, string> = { '1+1=': '2', '2+2=': '5' };
    const run = await runEvaluator(binding, 'exact_answer', async (c) => {
      const answer = answers[c.prompt ?? ''];
      if (answer === undefined) throw new Error('the model is down');
      return answer;
    });
    expect(run.metrics).toEqual({ exact: 0.5 });
    expect(run.failures).toBe(1);
    expect(run.cases).toEqual([
      { id: 'two', output: '2', metrics: { exact: 1 } },
      { id: 'four', output: '5', metrics: { exact: 0 } },
      { id: 'six', error: 'generation failed: the model is down' },
    ]);
  });

  it('reports no failure of a well-behaved plugin except the tool that throws', () => {
    expect(failures.map((f) => `${f.hook}:${f.kind}`)).toEqual(['tools:threw']);
  });
});
