import type { HookName } from '@alloy/plugin-sdk';

/** How a plugin call failed. */
export type PluginFailureKind =
  'threw' | 'timeout' | 'crashed' | 'memory' | 'invalid' | 'refused-permission';

/** One failure of a plugin, as the apps count and log it. */
export interface PluginFailure {
  pluginId: string;
  version: string;
  hook: HookName;
  kind: PluginFailureKind;
  message: string;
}

/** What one call into a sandbox gave. */
export type CallOutcome =
  { ok: true; value: unknown } | { ok: false; kind: PluginFailureKind; message: string };

/**
 * Thrown by a response pipeline when a plugin whose `inference.response` hook fails closed
 * failed: the response must not go on. `reason` names the plugin and is safe to show the caller.
 */
export class PluginRefusal extends Error {
  override readonly name = 'PluginRefusal';

  constructor(
    readonly pluginId: string,
    readonly hook: HookName,
    readonly kind: PluginFailureKind,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The reason a fail-closed failure gives the caller: it names the plugin, not its internals. */
export function closedFailureReason(pluginId: string, kind: PluginFailureKind): string {
  return `plugin ${pluginId} failed (${kind}) and its policy is to refuse`;
}
