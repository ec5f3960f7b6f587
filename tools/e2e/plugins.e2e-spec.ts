import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPlugin, packPlugin } from '@alloy/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness as ControlPlaneHarness,
  startControlPlane,
} from '../../apps/control-plane/test/control-plane-harness';
import {
  bearer,
  makeArtifactRoot,
  readSse,
  RegistryRows,
  type ServerHarness,
  startModelServer,
  trainerModel,
  uniqueName,
} from '../../apps/model-server/test/model-server-harness';
import { until } from './system-harness';

/**
 * A plugin with rules whose effect shows on any text, so the tests can check it on what a
 * random-weight model writes: requests naming "embargoed" are refused, answers are upper-cased
 * segment by segment and end with "[reviewed]", and a response containing "HANG" never returns.
 */
const REVIEW_PLUGIN = `
import { definePlugin } from '@alloy/plugin-sdk';

export default definePlugin({
  manifest: {
    id: 'acme.review',
    version: '1.0.0',
    sdk: '^1.0.0',
    domains: [],
    config: {
      type: 'object',
      properties: { suffix: { type: 'string', default: ' [reviewed]' } },
      additionalProperties: false,
    },
    failurePolicy: { 'inference.request': 'closed', 'inference.response': 'open', tools: 'closed' },
    limits: { timeoutMs: 300 },
  },
  hooks: {
    'inference.request': (request) => {
      const text = JSON.stringify(request.messages ?? request.prompt);
      if (text.includes('embargoed')) return { refuse: 'embargoed topics are not discussed' };
      if (text.includes('loop-forever')) for (;;) {}
      return undefined;
    },
    'inference.response': (response, ctx) => {
      const text = response.text.toUpperCase();
      return {
        text: response.final ? text + String(ctx.config.suffix) : text,
        annotations: response.final ? ['reviewed by acme'] : [],
      };
    },
  },
  tools: [
    {
      name: 'acme_add',
      description: 'Adds two numbers exactly.',
      parameters: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
        additionalProperties: false,
      },
      handler: (args) => ({ sum: Number(args.a) + Number(args.b) }),
    },
  ],
  evaluators: [
    {
      name: 'acme_reviewed',
      description: 'Whether answers carry the review mark.',
      cases: () => [
        { id: 'a', prompt: 'The bank', maxTokens: 4 },
        { id: 'b', messages: [{ role: 'user', content: 'Rates rose' }], maxTokens: 4 },
      ],
      score: (evalCase, output) => ({ reviewed: output.endsWith('[reviewed]') ? 1 : 0 }),
    },
  ],
});
`;

describe('plugins on inference requests (control plane installs, model server runs)', () => {
  let root: string;
  let rows: RegistryRows;
  let ms: ServerHarness;
  let cp: ControlPlaneHarness;
  let model: string;
  let plain: string;

  const admin = async (method: string, url: string, body?: unknown, type = 'application/json') => {
    const response = await fetch(`${cp.baseUrl}${url}`, {
      method,
      headers: { 'content-type': type, ...bearer() },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const chat = (name: string, content: string, extra: object = {}) =>
    fetch(`${ms.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer() },
      body: JSON.stringify({
        model: name,
        messages: [{ role: 'user', content }],
        max_tokens: 12,
        temperature: 0,
        ...extra,
      }),
    });

  beforeAll(async () => {
    root = await makeArtifactRoot();
    model = uniqueName('plugged');
    plain = uniqueName('unplugged');
    rows = await RegistryRows.connect();
    const [v1] = await rows.model(model, [trainerModel(root, `models/${model}/1`, 1)]);
    await rows.deploy(model, model, [{ versionId: v1, weight: 100 }]);
    const [p1] = await rows.model(plain, [trainerModel(root, `models/${plain}/1`, 1)]);
    await rows.deploy(plain, plain, [{ versionId: p1, weight: 100 }]);
    // One artifact store for both, as one installation has.
    cp = await startControlPlane({ ARTIFACT_ROOT: root });
    ms = await startModelServer(root);

    const project = await mkdtemp(path.join(tmpdir(), 'acme-review-'));
    await mkdir(path.join(project, 'src'));
    await writeFile(path.join(project, 'src/index.ts'), REVIEW_PLUGIN);
    const built = await buildPlugin(project);
    const tarball = await readFile((await packPlugin(built.dir, path.join(project, 'p.tgz'))).file);
    const installed = await admin('POST', '/api/v1/plugins', tarball, 'application/gzip');
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    // Enabled for one model only: other models (and other suites' models) are untouched.
    const enabled = await admin('PUT', '/api/v1/plugins/acme.review/enablements', {
      scope: 'model',
      model,
    });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    await ms.refresh();
  }, 240_000);

  afterAll(async () => {
    const plugin = await admin('GET', '/api/v1/plugins/acme.review');
    for (const e of plugin.body?.enablements ?? [])
      await admin('DELETE', `/api/v1/plugins/acme.review/enablements/${e.id}`);
    await cp?.close();
    await ms?.close();
    await rows?.close();
  });

  it('refuses with the plugin’s reason, and rewrites every answer of the model it is enabled for', async () => {
    const refused = await until(
      () => chat(model, 'Tell me about the embargoed merger'),
      (r) => r.status !== 503,
      60_000,
      'the model to warm up',
    );
    expect(refused.status).toBe(422);
    const error = ((await refused.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('REFUSED_BY_PLUGIN');
    expect(error.message).toBe('acme.review: embargoed topics are not discussed');

    const answered = await chat(model, 'The bank said');
    expect(answered.status).toBe(200);
    const body = (await answered.json()) as {
      choices: { message: { content: string } }[];
      alloy?: { annotations: string[] };
    };
    const content = body.choices[0].message.content;
    expect(content.endsWith(' [reviewed]')).toBe(true);
    expect(content).toBe(content.toUpperCase().replace(' [REVIEWED]', ' [reviewed]'));
    expect(body.alloy?.annotations).toEqual(['reviewed by acme']);

    // The same prompt to a model without the plugin is answered as the model wrote it.
    const untouched = (await (await chat(plain, 'The bank said')).json()) as typeof body;
    expect(untouched.choices[0].message.content).not.toMatch(/\[reviewed\]$/);
    expect(untouched.alloy).toBeUndefined();
  });

  it('passes a stream through the response hook segment by segment', async () => {
    const response = await chat(model, 'The bank said', { stream: true, max_tokens: 24 });
    expect(response.status).toBe(200);
    const events = await readSse(response);
    expect(events.at(-1)).toBe('[DONE]');
    const text = events
      .slice(0, -1)
      .map((e) => JSON.parse(e) as { choices: { delta: { content?: string } }[] })
      .map((e) => e.choices[0]?.delta.content ?? '')
      .join('');
    expect(text.endsWith(' [reviewed]')).toBe(true);
    // The plugins' notes come with the chunk that ends the answer.
    const notes = events
      .slice(0, -1)
      .map((e) => JSON.parse(e) as { alloy?: { annotations: string[] } })
      .flatMap((e) => e.alloy?.annotations ?? []);
    expect(notes).toEqual(['reviewed by acme']);
    expect(text.slice(0, -' [reviewed]'.length)).toBe(
      text.slice(0, -' [reviewed]'.length).toUpperCase(),
    );
  });

  it('survives a plugin that never returns: the request fails closed and the server answers the next one', async () => {
    const hung = await chat(model, 'please loop-forever now');
    expect(hung.status).toBe(422);
    const error = ((await hung.json()) as { error: { message: string } }).error;
    expect(error.message).toMatch(/acme\.review/);
    expect(error.message).toMatch(/timeout|time/i);
    // The sandbox was killed and starts again for the next request.
    const next = await chat(model, 'The bank said');
    expect(next.status).toBe(200);
    const metrics = await (await fetch(`${ms.baseUrl}/metrics`, { headers: bearer() })).text();
    expect(metrics).toMatch(
      /alloy_plugin_failures_total\{plugin="acme\.review",hook="inference\.request",kind="timeout"\} [1-9]/,
    );
  });

  it('lists what the model’s plugins offer and runs their evaluator on the served version', async () => {
    const listed = await fetch(`${ms.baseUrl}/v1/models/${model}/plugins`, { headers: bearer() });
    expect(await listed.json()).toMatchObject({
      model,
      version: 1,
      plugins: [{ id: 'acme.review', version: '1.0.0' }],
      tools: [{ name: 'acme_add', plugin: 'acme.review' }],
      evaluators: [{ name: 'acme_reviewed', plugin: 'acme.review' }],
    });
    const evaluate = (evaluator: string) =>
      fetch(`${ms.baseUrl}/v1/models/${model}/evaluations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer() },
        body: JSON.stringify({ evaluator }),
      });
    const run = await evaluate('acme_reviewed');
    expect(run.status).toBe(201);
    // The cases went through the response hook, as served answers do.
    expect(await run.json()).toEqual({
      model,
      version: 1,
      evaluator: 'acme_reviewed',
      plugin: 'acme.review',
      metrics: { reviewed: 1 },
      cases: 2,
      failures: 0,
    });
    const unknown = await evaluate('nope');
    expect(unknown.status).toBe(404);
  });

  it('offers plugin tools to the model when a chat request names them', async () => {
    const withTools = await chat(model, 'What is 2 plus 3?', {
      tools: [{ type: 'function', function: { name: 'acme_add' } }],
    });
    expect(withTools.status).toBe(200);
    const body = (await withTools.json()) as {
      usage: { prompt_tokens: number };
      choices: { finish_reason: string }[];
    };
    const without = (await (await chat(model, 'What is 2 plus 3?')).json()) as typeof body;
    // The plugin's description and schema went into the prompt.
    expect(body.usage.prompt_tokens).toBeGreaterThan(without.usage.prompt_tokens + 30);
    expect(['stop', 'length', 'tool_calls']).toContain(body.choices[0].finish_reason);
  });
});
