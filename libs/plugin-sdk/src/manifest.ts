import { Ajv2020 } from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import semver from 'semver';
import { formatAjvErrors, describeValue } from './schema-errors';
import { objectSchemaProblem } from './schema-cache';
import { HOOK_NAMES, SDK_VERSION } from './types';
import type { FailurePolicy, HookName, PluginManifest } from './types';

/** Defaults and caps of a plugin's limits; the host never grants more than `max`. */
export const MANIFEST_LIMITS = {
  timeoutMs: { default: 250, max: 5000 },
  memoryMb: { default: 64, max: 512 },
} as const;

/** The id pattern: lower-case words joined by `-` or `.`. */
export const PLUGIN_ID_PATTERN = '^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$';
/** A domain slug, as the registry names domains. */
export const DOMAIN_SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
/** A host name, optionally with a port; no schemes, paths or wildcards. */
const NETWORK_HOST_PATTERN =
  '^(?=.{1,253}(?::|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?$';

/** The JSON Schema of a manifest; semantic rules (semver, SDK range, config schema) are checked after it. */
export const MANIFEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'sdk', 'domains'],
  properties: {
    id: { type: 'string', minLength: 3, maxLength: 64, pattern: PLUGIN_ID_PATTERN },
    version: { type: 'string' },
    sdk: { type: 'string' },
    displayName: { type: 'string', minLength: 1, maxLength: 100 },
    description: { type: 'string', maxLength: 2000 },
    domains: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', maxLength: 64, pattern: DOMAIN_SLUG_PATTERN },
    },
    permissions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        network: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', pattern: NETWORK_HOST_PATTERN },
        },
      },
    },
    config: { type: 'object' },
    failurePolicy: {
      type: 'object',
      propertyNames: { enum: [...HOOK_NAMES] },
      additionalProperties: { enum: ['open', 'closed'] },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        timeoutMs: { type: 'integer', minimum: 1, maximum: MANIFEST_LIMITS.timeoutMs.max },
        memoryMb: { type: 'integer', minimum: 8, maximum: MANIFEST_LIMITS.memoryMb.max },
      },
    },
  },
} as const;

const PATTERN_MESSAGES: Record<string, string> = {
  '#/properties/id/pattern': "must be lower-case words joined by '-' or '.', e.g. acme.kyc",
  '#/properties/domains/items/pattern': 'must be a domain slug (lower-case words joined by -)',
  '#/properties/permissions/properties/network/items/pattern':
    'must be a host name or host:port (no scheme, path or wildcard)',
};

let manifestValidator: ValidateFunction | undefined;

/** Compiled on first use, so that a plugin bundle that only imports definePlugin never builds it. */
function manifestSchemaValidator(): ValidateFunction {
  manifestValidator ??= new Ajv2020({ allErrors: true, strict: true }).compile(MANIFEST_SCHEMA);
  return manifestValidator;
}

/** The outcome of validating a manifest: the manifest, or one message per problem naming its field. */
export type ManifestValidation =
  { ok: true; manifest: PluginManifest } | { ok: false; errors: string[] };

/**
 * Validates a plugin manifest: its shape, the id, semantic version, the SDK range against
 * {@link SDK_VERSION}, domains, network permissions, that `config` is a strict JSON Schema of an
 * object, failure policies and limits. Every error names the field, e.g. `manifest.version: ...`.
 */
export function validateManifest(value: unknown): ManifestValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: ['manifest: must be an object'] };
  }
  const validate = manifestSchemaValidator();
  const errors: string[] = validate(value)
    ? []
    : formatAjvErrors('manifest', validate.errors, PATTERN_MESSAGES);
  const m = value as Record<string, unknown>;
  if (typeof m.version === 'string' && semver.valid(m.version) === null) {
    errors.push(`manifest.version: ${describeValue(m.version)} is not a semantic version`);
  }
  if (typeof m.sdk === 'string') {
    if (semver.validRange(m.sdk) === null) {
      errors.push(`manifest.sdk: ${describeValue(m.sdk)} is not a semver range`);
    } else if (!semver.satisfies(SDK_VERSION, m.sdk)) {
      errors.push(
        `manifest.sdk: the range ${describeValue(m.sdk)} does not accept this SDK's version ${SDK_VERSION}`,
      );
    }
  }
  const network = (m.permissions as { network?: unknown } | undefined)?.network;
  if (Array.isArray(network)) {
    network.forEach((host, i) => {
      const port = typeof host === 'string' ? /:(\d+)$/.exec(host)?.[1] : undefined;
      if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
        errors.push(`manifest.permissions.network[${i}]: port ${port} is out of range 1-65535`);
      }
    });
  }
  if (m.config !== undefined && typeof m.config === 'object' && m.config !== null) {
    const problem = objectSchemaProblem(m.config);
    if (problem !== undefined) errors.push(`manifest.config: ${problem}`);
  }
  return errors.length === 0
    ? { ok: true, manifest: value as PluginManifest }
    : { ok: false, errors };
}

/** The limits the host applies to a plugin: its declared ones, or the defaults. */
export function effectiveLimits(manifest: PluginManifest): { timeoutMs: number; memoryMb: number } {
  return {
    timeoutMs: Math.min(
      manifest.limits?.timeoutMs ?? MANIFEST_LIMITS.timeoutMs.default,
      MANIFEST_LIMITS.timeoutMs.max,
    ),
    memoryMb: Math.min(
      manifest.limits?.memoryMb ?? MANIFEST_LIMITS.memoryMb.default,
      MANIFEST_LIMITS.memoryMb.max,
    ),
  };
}

/** What the host does when this hook of the plugin fails; `closed` unless the manifest says otherwise. */
export function failurePolicyOf(manifest: PluginManifest, hook: HookName): FailurePolicy {
  return manifest.failurePolicy?.[hook] ?? 'closed';
}
