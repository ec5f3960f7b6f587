import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  effectiveLimits,
  failurePolicyOf,
  validateDefinition,
  validateManifest,
  type FailurePolicy,
  type HookName,
  type PluginManifest,
} from '@alloy/plugin-sdk';
import pino, { type Logger } from 'pino';
import type { PluginFailure, PluginFailureKind } from './plugin-failure';
import type { NetworkProxyLimits } from './sandbox/network-proxy';
import { PluginSandbox, type SandboxCall, type SandboxDescription } from './sandbox/plugin-sandbox';

export interface PluginHostOptions {
  /** Where plugin lines (tagged with the plugin id) and the host's own go. */
  logger?: Logger;
  /** Called for every failure of a plugin call; the apps count these. */
  onFailure?: (failure: PluginFailure) => void;
  /** Time allowed to start a sandbox and evaluate its bundle (default 10 s). */
  startTimeoutMs?: number;
  /** Limits of a plugin's proxied fetch: default the plugin's timeoutMs and 1 MiB. */
  fetchLimits?: Partial<NetworkProxyLimits>;
}

/** What the plugin offers, read from its running bundle. */
export interface PluginContents {
  hooks: HookName[];
  tools: { name: string; description: string; parameters: Record<string, unknown> }[];
  evaluators: { name: string; description: string }[];
}

/** A result of {@link PluginHandle.invoke}: the checked value, or a failure and the policy that applies. */
export type InvokeOutcome<T> =
  | { ok: true; value: T; policy: FailurePolicy }
  | { ok: false; kind: PluginFailureKind; message: string; policy: FailurePolicy };

function isInvalid(value: unknown): value is { invalid: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { invalid?: unknown }).invalid === 'string'
  );
}

/** A loaded plugin version. Its sandbox starts on the first call. */
export class PluginHandle {
  /** The validated manifest (without `main` and `sha256`). */
  readonly id: string;
  readonly version: string;
  private contents?: PluginContents;

  /** @internal */
  constructor(
    readonly manifest: PluginManifest,
    readonly dir: string,
    readonly sha256: string,
    private readonly sandbox: PluginSandbox,
    private readonly report: (failure: PluginFailure) => void,
  ) {
    this.id = manifest.id;
    this.version = manifest.version;
  }

  /** The hooks, tools and evaluators of the bundle; starts the sandbox when needed. */
  async describe(): Promise<
    { ok: true; contents: PluginContents } | { ok: false; kind: PluginFailureKind; message: string }
  > {
    if (this.contents) return { ok: true, contents: this.contents };
    const described = await this.sandbox.describe();
    if (!described.ok) return described;
    const contents = checkedContents(described.description);
    if (!contents.ok) return { ok: false, kind: 'invalid', message: contents.errors.join('; ') };
    this.contents = contents.contents;
    return { ok: true, contents: this.contents };
  }

  /** The failure policy of one of this plugin's hooks. */
  policyOf(hook: HookName): FailurePolicy {
    return failurePolicyOf(this.manifest, hook);
  }

  /**
   * Calls into the sandbox. A failure is reported (onFailure, log) here, once; the caller applies
   * the returned policy. `normalise` checks what the plugin returned: `{ invalid }` makes the call
   * a failure of kind `invalid`.
   */
  async invoke<T>(
    hook: HookName,
    call: SandboxCall,
    normalise: (value: unknown) => T | { invalid: string },
  ): Promise<InvokeOutcome<T>> {
    const policy = this.policyOf(hook);
    const fail = (kind: PluginFailureKind, message: string): InvokeOutcome<T> => {
      this.report({ pluginId: this.id, version: this.version, hook, kind, message });
      return { ok: false, kind, message, policy };
    };
    const described = await this.describe();
    if (!described.ok) return fail(described.kind, described.message);
    const outcome = await this.sandbox.call(hook, call);
    if (outcome.refused !== undefined) {
      // The refusal is the failure; the throw it caused is not counted twice.
      if (!outcome.ok) return fail('refused-permission', outcome.refused);
      this.report({
        pluginId: this.id,
        version: this.version,
        hook,
        kind: 'refused-permission',
        message: outcome.refused,
      });
    }
    if (!outcome.ok) return fail(outcome.kind, outcome.message);
    const normalised = normalise(outcome.value);
    if (isInvalid(normalised)) return fail('invalid', normalised.invalid);
    return { ok: true, value: normalised, policy };
  }

  /** @internal */
  close(): void {
    this.sandbox.close();
  }
}

/**
 * Loads built plugins (a directory with `alloy-plugin.json` and `plugin.js`) and runs each in a
 * sandbox process of its own. Nothing a plugin does brings the host down: every failure becomes
 * an outcome, reported through `onFailure` and the log.
 */
export class PluginHost {
  private readonly logger: Logger;
  private readonly handles = new Map<string, PluginHandle>();

  constructor(private readonly options: PluginHostOptions = {}) {
    this.logger = options.logger ?? pino({ name: 'plugin-host' });
  }

  /**
   * Validates a built plugin's manifest and registers it; nothing of the plugin runs yet. Loading
   * the same directory with the same bundle again returns the handle already loaded. A caller that
   * knows the bundle's sha256 (the servers keep it with the installed version) gets that handle
   * without the files being read again, which matters on the path of every request.
   */
  async load(dir: string, knownSha256?: string): Promise<PluginHandle> {
    const began = performance.now();
    const root = path.resolve(dir);
    if (knownSha256) {
      const loaded = this.handles.get(`${root}#${knownSha256}`);
      if (loaded) return loaded;
    }
    const raw = await readFile(path.join(root, 'alloy-plugin.json'), 'utf8');
    let declared: unknown;
    try {
      declared = JSON.parse(raw);
    } catch (error) {
      throw new PluginLoadError(root, [
        `alloy-plugin.json: ${error instanceof Error ? error.message : String(error)}`,
      ]);
    }
    if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) {
      throw new PluginLoadError(root, ['alloy-plugin.json: must be an object']);
    }
    const { main, sha256, ...rest } = declared as Record<string, unknown>;
    const errors: string[] = [];
    if (main !== undefined && main !== 'plugin.js')
      errors.push('alloy-plugin.json.main: must be "plugin.js"');
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
      errors.push('alloy-plugin.json.sha256: must be the sha256 (hex) of plugin.js');
    }
    const validation = validateManifest(rest);
    if (!validation.ok) errors.push(...validation.errors);
    if (errors.length > 0 || !validation.ok) throw new PluginLoadError(root, errors);
    const manifest = validation.manifest;

    const key = `${root}#${String(sha256)}`;
    const existing = this.handles.get(key);
    if (existing) return existing;

    const bundle = await readFile(path.join(root, 'plugin.js'));
    const digest = createHash('sha256').update(bundle).digest('hex');
    if (digest !== sha256) {
      throw new PluginLoadError(root, [
        `plugin.js: its sha256 ${digest} is not the one alloy-plugin.json declares`,
      ]);
    }

    const limits = effectiveLimits(manifest);
    const sandbox = new PluginSandbox({
      pluginId: manifest.id,
      version: manifest.version,
      dir: root,
      timeoutMs: limits.timeoutMs,
      memoryMb: limits.memoryMb,
      network: manifest.permissions?.network ?? [],
      logger: this.logger,
      startTimeoutMs: this.options.startTimeoutMs,
      fetchLimits: this.options.fetchLimits,
    });
    const handle = new PluginHandle(manifest, root, digest, sandbox, (failure) =>
      this.reportFailure(failure),
    );
    this.handles.set(key, handle);
    this.logger.info(
      {
        pluginId: manifest.id,
        version: manifest.version,
        ms: Math.round(performance.now() - began),
      },
      'plugin loaded',
    );
    return handle;
  }

  /** Stops the plugin's sandbox; its handle fails every later call. */
  unload(handle: PluginHandle): void {
    for (const [key, h] of this.handles) {
      if (h === handle) this.handles.delete(key);
    }
    handle.close();
    this.logger.info({ pluginId: handle.id, version: handle.version }, 'plugin unloaded');
  }

  /** Kills every sandbox. */
  close(): void {
    for (const handle of this.handles.values()) handle.close();
    this.handles.clear();
  }

  private reportFailure(failure: PluginFailure): void {
    this.logger.warn(
      {
        pluginId: failure.pluginId,
        version: failure.version,
        hook: failure.hook,
        kind: failure.kind,
        reason: failure.message,
      },
      'plugin call failed',
    );
    try {
      this.options.onFailure?.(failure);
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'onFailure threw',
      );
    }
  }
}

/** A plugin directory that cannot be loaded; `errors` name the fields. */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';

  constructor(
    readonly dir: string,
    readonly errors: string[],
  ) {
    super(`cannot load the plugin in ${dir}: ${errors.join('; ')}`);
  }
}

const placeholder = (): undefined => undefined;

// The definition lives in the sandbox; the host checks its shape with the SDK's own rules by
// rebuilding it with stand-ins for the functions.
function checkedContents(
  d: SandboxDescription,
): { ok: true; contents: PluginContents } | { ok: false; errors: string[] } {
  const fn = (type: string): unknown => (type === 'function' ? placeholder : type);
  const definition = {
    manifest: d.manifest,
    hooks: Object.fromEntries(Object.entries(d.hooks).map(([name, type]) => [name, fn(type)])),
    tools: d.tools.map((t) => ({
      name: t.name,
      description: t.description,
      parameters: t.parameters,
      handler: fn(t.handler),
    })),
    evaluators: d.evaluators.map((e) => ({
      name: e.name,
      description: e.description,
      cases: fn(e.cases),
      score: fn(e.score),
    })),
  };
  if (d.tools.length === 0) delete (definition as { tools?: unknown }).tools;
  if (d.evaluators.length === 0) delete (definition as { evaluators?: unknown }).evaluators;
  const validation = validateDefinition(definition);
  if (!validation.ok) return validation;
  return {
    ok: true,
    contents: {
      hooks: Object.keys(d.hooks) as HookName[],
      tools: d.tools.map((t) => ({
        name: String(t.name),
        description: String(t.description),
        parameters: t.parameters as Record<string, unknown>,
      })),
      evaluators: d.evaluators.map((e) => ({
        name: String(e.name),
        description: String(e.description),
      })),
    },
  };
}
