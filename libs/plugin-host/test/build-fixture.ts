import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';

const FIXTURES = path.join(__dirname, 'fixtures');
const SDK_ENTRY = path.resolve(__dirname, '../../plugin-sdk/src/index.ts');

/** A fixture plugin built into `outDir`: alloy-plugin.json and plugin.js, as `alloy-plugin build` writes them. */
export interface BuiltFixture {
  dir: string;
  manifest: Record<string, unknown>;
}

/**
 * Bundles `fixtures/<name>/src/index.ts` into one CommonJS file and writes the built plugin.
 * `define` replaces the fixture's `__NAME__` constants (its id, its policy, the hosts it declares).
 */
export async function buildFixture(
  name: string,
  outDir: string,
  define: Record<string, unknown> = {},
): Promise<BuiltFixture> {
  const result = await build({
    entryPoints: [path.join(FIXTURES, name, 'src', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    alias: { '@alloy/plugin-sdk': SDK_ENTRY },
    define: Object.fromEntries(Object.entries(define).map(([k, v]) => [k, JSON.stringify(v)])),
  });
  const code = result.outputFiles[0].text;
  const context = vm.createContext({});
  const exported = vm.runInContext(
    `var module = { exports: {} }, exports = module.exports;${code}\n;module.exports`,
    context,
  ) as { default?: { manifest: unknown }; manifest?: unknown };
  const definition = exported.default ?? exported;
  const manifest = JSON.parse(JSON.stringify(definition.manifest)) as Record<string, unknown>;
  const sha256 = createHash('sha256').update(code).digest('hex');
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'plugin.js'), code);
  await writeFile(
    path.join(outDir, 'alloy-plugin.json'),
    JSON.stringify({ ...manifest, main: 'plugin.js', sha256 }, null, 2),
  );
  return { dir: outDir, manifest };
}
