import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './types';

/** Distinct schemas kept compiled; plugins have a handful each, so this bounds a long-lived host. */
const MAX_CACHED = 512;

const cache = new Map<string, ValidateFunction | Error>();

/**
 * Compiles a plugin-supplied JSON Schema (config or tool parameters) in Ajv's strict mode, with
 * defaults filled in. Each schema gets its own Ajv instance so that two plugins that reuse one
 * `$id` do not collide; compiled validators are cached by the schema's JSON.
 */
export function compileStrict(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let entry = cache.get(key);
  if (entry === undefined) {
    try {
      const ajv = new Ajv2020({ strict: true, allErrors: true, useDefaults: true });
      addFormats(ajv);
      entry = ajv.compile(schema);
    } catch (error) {
      entry = error instanceof Error ? error : new Error(String(error));
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(key, entry);
  }
  if (entry instanceof Error) throw entry;
  return entry;
}

/** Why a schema fails to compile, or undefined when it compiles and describes an object. */
export function objectSchemaProblem(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return 'must be a JSON Schema object';
  }
  if ((schema as JsonSchema).type !== 'object')
    return 'must be a JSON Schema with "type": "object"';
  try {
    compileStrict(schema as JsonSchema);
    return undefined;
  } catch (error) {
    return `is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`;
  }
}
