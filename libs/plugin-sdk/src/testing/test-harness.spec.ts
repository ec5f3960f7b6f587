import { describe, expect, it } from 'vitest';
import { definePlugin } from '../define-plugin';
import type { DatasetRecord, PluginDefinition, PluginManifest } from '../types';
import { createTestHarness } from './test-harness';

const manifest: PluginManifest = {
  id: 'acme.test',
  version: '1.0.0',
  sdk: '^1.0.0',
  domains: ['finance'],
  config: {
    type: 'object',
    additionalProperties: false,
    properties: {
      banned: { type: 'array', items: { type: 'string' }, default: ['guaranteed returns'] },
      footer: { type: 'string', default: 'Not financial advice.' },
    },
  },
};

interface TestConfig {
  banned: string[];
  footer: string;
}

const plugin = definePlugin<TestConfig>({
  manifest,
  hooks: {
    'dataset.record': (record, ctx) => {
      if ('text' in record) {
        if (ctx.config.banned.some((b) => record.text.includes(b)))
          return { drop: 'banned phrase' };
        // Mutating the input must not count: only the returned record does.
        record.text = 'mutated';
        return { text: record.text.replace('ACME', 'the issuer') };
      }
      return undefined;
    },
    'inference.request': (request) => {
      const last = request.messages?.at(-1)?.content ?? request.prompt ?? '';
      if (/insider/i.test(last)) return { refuse: 'insider trading is not discussed' };
      if (request.messages !== undefined && request.messages[0]?.role !== 'system') {
        return { messages: [{ role: 'system', content: 'Be careful.' }, ...request.messages] };
      }
      return undefined;
    },
    'inference.response': (response, ctx) => {
      const text = response.text.replace(/guaranteed/g, '[removed]');
      const annotations = text === response.text ? [] : [`segment ${response.index} edited`];
      return response.final
        ? { text: `${text}[${response.sentSoFar.length}] ${ctx.config.footer}`, annotations }
        : { text, annotations };
    },
  },
  tools: [
    {
      name: 'convert_currency',
      description: 'Converts an amount',
      parameters: {
        type: 'object',
        additionalProperties: false,
        required: ['amount', 'to'],
        properties: {
          amount: { type: 'number', minimum: 0 },
          to: { enum: ['EUR', 'USD'] },
          rounding: { type: 'integer', default: 2 },
        },
      },
      handler: (args, ctx) => ({ args, org: ctx.organizationId }),
    },
  ],
  evaluators: [
    {
      name: 'exact',
      description: 'Exact answers',
      cases: () => [
        { id: 'a', prompt: '1+1', expected: '2' },
        { id: 'b', prompt: '2+2', expected: '4' },
      ],
      score: (c, output) => ({ exact: output.trim() === c.expected ? 1 : 0 }),
    },
  ],
});

describe('createTestHarness', () => {
  it('refuses an invalid definition or configuration with the list of problems', () => {
    const broken = { ...plugin, manifest: { ...manifest, version: 'one' } };
    expect(() => createTestHarness(broken as PluginDefinition)).toThrow(
      /manifest\.version: "one" is not a semantic version/,
    );
    expect(() => createTestHarness(plugin, { config: { footer: 3 } })).toThrow(/config\.footer/);
    expect(() => createTestHarness(plugin, { domain: 'medical' })).toThrow(/domain "medical"/);
  });

  it('keeps, rewrites and drops dataset records as the plugin returns', async () => {
    const harness = createTestHarness(plugin);
    expect(await harness.datasetRecord({ text: 'ACME pays 5%' }, { kind: 'corpus' })).toEqual({
      record: { text: 'mutated' },
    });
    expect(
      await harness.datasetRecord({ text: 'guaranteed returns!' }, { kind: 'corpus' }),
    ).toEqual({ drop: 'banned phrase' });
    const chat: DatasetRecord = { messages: [{ role: 'user', content: 'hi' }] };
    expect(await harness.datasetRecord(chat, { kind: 'chat' })).toEqual({ record: chat });
  });

  it('throws a clear message when a hook returns something Alloy would refuse', async () => {
    const bad = definePlugin({
      manifest: { ...manifest, config: undefined },
      hooks: { 'dataset.record': () => ({ messages: [] }) },
    });
    await expect(
      createTestHarness(bad).datasetRecord({ text: 'x' }, { kind: 'corpus' }),
    ).rejects.toThrow(/acme\.test returned an invalid dataset\.record result: record\.text/);
  });

  it('reports pass, rewrite and refuse for requests', async () => {
    const harness = createTestHarness(plugin);
    expect(await harness.request({ prompt: 'what is a bond?' })).toEqual({ outcome: 'pass' });
    expect(await harness.request({ prompt: 'any insider tips?' })).toEqual({
      outcome: 'refuse',
      reason: 'insider trading is not discussed',
    });
    const rewrite = await harness.request({ messages: [{ role: 'user', content: 'hello' }] });
    expect(rewrite).toEqual({
      outcome: 'rewrite',
      request: {
        api: 'rest',
        model: 'test-model',
        version: 1,
        messages: [
          { role: 'system', content: 'Be careful.' },
          { role: 'user', content: 'hello' },
        ],
      },
    });
  });

  it('runs a non-streamed response as one final segment', async () => {
    const harness = createTestHarness(plugin, { config: { footer: 'Footer.' } });
    expect(await harness.respond('A guaranteed win. Really.')).toEqual({
      text: 'A [removed] win. Really.[0] Footer.',
      annotations: ['segment 0 edited'],
    });
  });

  it('streams segments as the host does, each seeing what was sent before it', async () => {
    const harness = createTestHarness(plugin, { config: { footer: 'Footer.' } });
    const result = await harness.respond('A guaranteed win. Really. Yes', { stream: true });
    // Segments: "A guaranteed win. ", "Really. ", then the final "Yes"; the final call sees what
    // was already sent, the first segment as edited: "A [removed] win. Really. " (25 characters).
    expect(result).toEqual({
      text: 'A [removed] win. Really. Yes[25] Footer.',
      annotations: ['segment 0 edited'],
    });
  });

  it('validates tool arguments, fills defaults and names the bad field', async () => {
    const harness = createTestHarness(plugin, { organizationId: 'org_1' });
    expect(harness.tools().map((t) => t.name)).toEqual(['convert_currency']);
    expect(await harness.callTool('convert_currency', { amount: 10, to: 'EUR' })).toEqual({
      args: { amount: 10, to: 'EUR', rounding: 2 },
      org: 'org_1',
    });
    await expect(harness.callTool('convert_currency', { amount: -1, to: 'GBP' })).rejects.toThrow(
      /arguments\.amount: must be at least 0.*arguments\.to: must be one of "EUR", "USD"/,
    );
    await expect(harness.callTool('nope', {})).rejects.toThrow(/no tool "nope"/);
  });

  it('evaluates with the given generator and reports metric means', async () => {
    const harness = createTestHarness(plugin);
    const result = await harness.evaluate('exact', (c) => (c.id === 'a' ? '2' : '5'));
    expect(result.metrics).toEqual({ exact: 0.5 });
    expect(result.cases).toBe(2);
    expect(result.perCase).toEqual([
      { id: 'a', output: '2', metrics: { exact: 1 } },
      { id: 'b', output: '5', metrics: { exact: 0 } },
    ]);
  });
});
