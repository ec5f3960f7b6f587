import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { validateDefinition } from '../results';
import type { PluginManifest } from '../types';
import { PLUGIN_MAIN_FILE, PLUGIN_MANIFEST_FILE } from './plugin-package';
import type { BuiltPluginManifest } from './plugin-package';

/** Options of {@link buildPlugin}; paths are relative to the project directory. */
export interface BuildPluginOptions {
  /** The module whose default export (or `module.exports`) is the definePlugin result. */
  entry?: string;
  outDir?: string;
}

/** A built plugin: its directory (holding alloy-plugin.json and plugin.js) and manifest. */
export interface BuiltPlugin {
  dir: string;
  manifest: PluginManifest;
  sha256: string;
}

/**
 * The SDK's runtime entry (everything but packaging), so that a plugin bundles the SDK it is built
 * with and none of the Node-only code.
 */
function sdkEntry(): string {
  for (const name of ['runtime.ts', 'runtime.js']) {
    const file = path.resolve(__dirname, '..', name);
    if (existsSync(file)) return file;
  }
  throw new Error(`cannot find the @alloy/plugin-sdk entry beside ${__dirname}`);
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Time a bundle may take to evaluate its top level when the build reads its manifest. */
const LOAD_TIMEOUT_MS = 5000;

/**
 * Evaluates a bundle as the sandbox does (a fresh context, no `require`, no Node globals) and
 * returns what it exports.
 */
export function loadPluginBundle(code: string, filename = PLUGIN_MAIN_FILE): unknown {
  const context = vm.createContext({});
  // One line of prelude, so that line numbers in errors match the bundle.
  const exported: unknown = vm.runInContext(
    `var module = { exports: {} }, exports = module.exports;${code}\n;module.exports`,
    context,
    { filename, timeout: LOAD_TIMEOUT_MS },
  );
  if (typeof exported === 'object' && exported !== null && 'default' in exported) {
    const inner = exported.default;
    if (typeof inner === 'object' && inner !== null) return inner;
  }
  return exported;
}

/**
 * Bundles a plugin project into one CommonJS file that needs nothing at run time, checks its
 * definition as the host will, and writes `<outDir>/plugin.js` and `<outDir>/alloy-plugin.json`.
 */
export async function buildPlugin(
  projectDir: string,
  options: BuildPluginOptions = {},
): Promise<BuiltPlugin> {
  const root = path.resolve(projectDir);
  const entry = path.resolve(root, options.entry ?? 'src/index.ts');
  const dir = path.resolve(root, options.outDir ?? 'dist');
  if (!existsSync(entry)) throw new Error(`no plugin entry at ${entry}`);

  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    alias: { '@alloy/plugin-sdk': sdkEntry() },
  }).catch((error: unknown) => {
    const errors = (
      error as { errors?: { text: string; location?: { file: string; line: number } }[] }
    ).errors;
    if (errors === undefined) throw error;
    const lines = errors.map((e) =>
      e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text,
    );
    throw new Error(`cannot bundle ${path.relative(root, entry)}:\n  ${lines.join('\n  ')}`);
  });

  // What esbuild leaves as require() calls: the sandbox has no require, so each is a failure.
  const importers = new Map<string, string>();
  for (const [input, info] of Object.entries(result.metafile.inputs)) {
    for (const imported of info.imports) {
      if (imported.external && !importers.has(imported.path)) importers.set(imported.path, input);
    }
  }
  const needs = [
    ...new Set(
      Object.values(result.metafile.outputs).flatMap((o) =>
        o.imports.filter((i) => i.external).map((i) => i.path),
      ),
    ),
  ].map((name) => {
    const kind = BUILTINS.has(name) ? 'the Node built-in' : 'the module';
    return `${kind} "${name}" (imported by ${importers.get(name) ?? 'the bundle'})`;
  });
  if (needs.length > 0) {
    throw new Error(
      `the plugin needs ${needs.join(', ')}; plugins run in a sandbox without require or Node ` +
        'built-ins (network access goes through the host, per the manifest)',
    );
  }

  const code = result.outputFiles[0].text;
  let definition: unknown;
  try {
    definition = loadPluginBundle(code);
  } catch (error) {
    throw new Error(
      `the bundle fails when loaded in the sandbox: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const checked = validateDefinition(definition);
  if (!checked.ok) throw new Error(`invalid plugin definition:\n  ${checked.errors.join('\n  ')}`);

  // The manifest crossed from the sandbox's realm: a JSON copy is plain data of this one.
  const manifest = JSON.parse(JSON.stringify(checked.definition.manifest)) as PluginManifest;
  const sha256 = createHash('sha256').update(code).digest('hex');
  const built: BuiltPluginManifest = { ...manifest, main: PLUGIN_MAIN_FILE, sha256 };
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, PLUGIN_MAIN_FILE), code);
  await writeFile(path.join(dir, PLUGIN_MANIFEST_FILE), `${JSON.stringify(built, null, 2)}\n`);
  return { dir, manifest, sha256 };
}
