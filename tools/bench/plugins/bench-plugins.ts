// Added latency of one isolated `inference.request` hook (the plugin host's sandbox process:
// IPC, JSON, vm context) against the same hook run in-process (the same bundle in a vm context of
// this process, the same result check), in the same run, one request at a time. Prints p50/p99
// of both, the ratios (ours / theirs) and whether the p50 added latency is under 1 ms. With
// --isolated-vm <a directory whose node_modules holds isolated-vm, e.g. /tmp/ivm> it also measures the same hook in a V8 isolate.
// Usage: node -r ./tools/register.cjs tools/bench/plugins/bench-plugins.ts [--calls 5000 --rounds 3 --isolated-vm /tmp/ivm]
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import vm from 'node:vm';
import { PluginHost, runRequestHooks, type PluginBinding } from '@alloy/plugin-host';
import {
  normaliseRequestResult,
  type InferenceRequest,
  type PluginDefinition,
} from '@alloy/plugin-sdk';
import { build } from 'esbuild';
import pino from 'pino';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '3' },
    'isolated-vm': { type: 'string' },
  },
});
const CALLS = Number(values.calls);
const ROUNDS = Number(values.rounds);

type Target = { name: string; call: (request: InferenceRequest) => Promise<unknown> };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'bench-plugin', 'src', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    alias: {
      '@alloy/plugin-sdk': path.resolve(__dirname, '../../../libs/plugin-sdk/src/index.ts'),
    },
  });
  return result.outputFiles[0].text;
}

function inProcess(code: string): Target {
  const exported = vm.runInContext(
    `var module = { exports: {} }, exports = module.exports;${code}\n;module.exports`,
    vm.createContext({}),
  ) as { default?: PluginDefinition } & PluginDefinition;
  const definition = exported.default ?? exported;
  const hook = definition.hooks!['inference.request']!;
  const ctx = { config: {}, organizationId: 'org-bench' };
  return {
    name: 'in-process',
    call: async (request) => normaliseRequestResult(request, await hook(request, ctx)),
  };
}

async function isolatedVm(code: string, dir: string): Promise<Target> {
  // An optional peer, installed outside the repository (it is a native addon).
  const ivm = createRequire(path.join(path.resolve(dir), 'index.js'))('isolated-vm');
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = await isolate.createContext();
  await context.eval(
    `var module = { exports: {} }, exports = module.exports;${code}\n;` +
      'globalThis.definition = module.exports.default || module.exports;' +
      "globalThis.dispatch = async (json) => { const r = await definition.hooks['inference.request'](JSON.parse(json), { config: {}, organizationId: 'org-bench' }); return r === undefined ? 'null' : JSON.stringify(r); };",
  );
  const dispatch = await context.global.get('dispatch', { reference: true });
  return {
    name: 'isolated-vm',
    call: async (request) => {
      const json = (await dispatch.apply(undefined, [JSON.stringify(request)], {
        timeout: 250,
        result: { promise: true, copy: true },
      })) as string;
      return normaliseRequestResult(request, JSON.parse(json));
    },
  };
}

async function measure(target: Target, requests: InferenceRequest[]): Promise<number[]> {
  const times: number[] = [];
  for (const request of requests) {
    const began = process.hrtime.bigint();
    await target.call(request);
    times.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  return times;
}

async function main(): Promise<void> {
  const code = await bundle();
  const dir = mkdtempSync(path.join(tmpdir(), 'alloy-bench-plugins-'));
  const definition = inProcess(code);
  const host = new PluginHost({ logger: pino({ level: 'warn' }) });
  try {
    const manifest = { id: 'bench.request-rule', version: '1.0.0', sdk: '^1.0.0', domains: [] };
    writeFileSync(path.join(dir, 'plugin.js'), code);
    writeFileSync(
      path.join(dir, 'alloy-plugin.json'),
      JSON.stringify({
        ...manifest,
        main: 'plugin.js',
        sha256: createHash('sha256').update(code).digest('hex'),
      }),
    );
    const binding: PluginBinding = {
      handle: await host.load(dir),
      config: {},
      organizationId: 'org-bench',
    };
    const sandboxed: Target = {
      name: 'sandbox',
      call: (request) => runRequestHooks([binding], request),
    };
    const targets: Target[] = [sandboxed, definition];
    if (values['isolated-vm'] !== undefined)
      targets.push(await isolatedVm(code, values['isolated-vm']));

    const requests = Array.from({ length: CALLS }, (_, i) => ({
      api: 'openai' as const,
      model: 'finance-7b',
      version: 1,
      prompt: i % 10 === 0 ? 'any insider tip for tomorrow?' : `What is the duration of bond ${i}?`,
    }));
    const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    // Warm-up (starts the sandbox, lets V8 optimise), then interleaved rounds.
    for (const target of targets) await measure(target, requests.slice(0, 500));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of targets)
        times.get(target.name)!.push(...(await measure(target, requests)));
      console.log(`round ${round}/${ROUNDS} done (${CALLS} calls per target)`);
    }

    const stats = new Map(
      [...times].map(([name, t]) => {
        const sorted = [...t].sort((a, b) => a - b);
        return [name, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
      }),
    );
    const theirs = stats.get('in-process')!;
    console.log('\ninference.request hook, one call at a time (ms per call)');
    console.log('target        p50       p99       p50 ratio   p99 ratio   added p50   added p99');
    for (const [name, s] of stats) {
      console.log(
        `${name.padEnd(12)}  ${s.p50.toFixed(4).padStart(8)}  ${s.p99.toFixed(4).padStart(8)}  ` +
          `${(s.p50 / theirs.p50).toFixed(1).padStart(9)}x  ${(s.p99 / theirs.p99).toFixed(1).padStart(9)}x  ` +
          `${(s.p50 - theirs.p50).toFixed(4).padStart(10)}  ${(s.p99 - theirs.p99).toFixed(4).padStart(10)}`,
      );
    }
    const ours = stats.get('sandbox')!;
    const added = ours.p50 - theirs.p50;
    console.log(
      `\nsandbox p50 added latency ${added.toFixed(3)} ms: ${added < 1 ? 'under' : 'NOT under'} 1 ms`,
    );
  } finally {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
