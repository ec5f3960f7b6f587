import { validateManifest } from '../manifest';
import type { PluginManifest } from '../types';

/** The manifest file of a built plugin. */
export const PLUGIN_MANIFEST_FILE = 'alloy-plugin.json';
/** The bundle of a built plugin. */
export const PLUGIN_MAIN_FILE = 'plugin.js';

/** `alloy-plugin.json`: the manifest, the bundle's file name and its SHA-256 (hex). */
export type BuiltPluginManifest = PluginManifest & { main: string; sha256: string };

/** The outcome of checking an `alloy-plugin.json`. */
export type BuiltManifestValidation =
  | { ok: true; manifest: PluginManifest; main: string; sha256: string }
  | { ok: false; errors: string[] };

/**
 * Validates an `alloy-plugin.json`: the manifest rules, plus `main` (a file at the package root)
 * and `sha256` (64 hex digits). The manifest is returned without `main` and `sha256`.
 */
export function validateBuiltManifest(value: unknown): BuiltManifestValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [`${PLUGIN_MANIFEST_FILE}: must be a JSON object`] };
  }
  const { main, sha256, ...rest } = value as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof main !== 'string' || !/^[\w.-]+\.c?js$/.test(main) || main.startsWith('.')) {
    errors.push('manifest.main: must name a .js file at the package root, e.g. "plugin.js"');
  }
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
    errors.push('manifest.sha256: must be the SHA-256 of the bundle in lower-case hex');
  }
  const checked = validateManifest(rest);
  if (!checked.ok) errors.push(...checked.errors);
  if (errors.length > 0 || !checked.ok) return { ok: false, errors };
  return { ok: true, manifest: checked.manifest, main: main as string, sha256: sha256 as string };
}
