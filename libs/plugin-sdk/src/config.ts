import { compileStrict } from './schema-cache';
import { formatAjvErrors } from './schema-errors';
import type { PluginManifest } from './types';

/** The outcome of resolving a plugin's configuration. */
export type ConfigResolution =
  { ok: true; config: Record<string, unknown> } | { ok: false; errors: string[] };

/**
 * Validates an organisation's configuration of a plugin against the manifest's `config` schema
 * and fills in its defaults. The input is not modified. A plugin without a schema accepts only
 * an empty (or absent) configuration. Errors name the field: `config.ageBand: must be one of ...`.
 */
export function resolveConfig(manifest: PluginManifest, config: unknown): ConfigResolution {
  const given: unknown = config === undefined || config === null ? {} : config;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return { ok: false, errors: ['config: must be an object'] };
  }
  if (manifest.config === undefined) {
    const keys = Object.keys(given);
    return keys.length === 0
      ? { ok: true, config: {} }
      : {
          ok: false,
          errors: keys.map(
            (k) => `config.${k}: is not a known field (the plugin takes no configuration)`,
          ),
        };
  }
  let validate;
  try {
    validate = compileStrict(manifest.config);
  } catch (error) {
    return {
      ok: false,
      errors: [
        `manifest.config: is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`,
      ],
    };
  }
  // Defaults are written into the value Ajv checks; the caller's object stays as it was.
  const copy = JSON.parse(JSON.stringify(given)) as Record<string, unknown>;
  if (validate(copy)) return { ok: true, config: copy };
  return { ok: false, errors: formatAjvErrors('config', validate.errors) };
}
