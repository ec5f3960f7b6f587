import type { PluginDefinition } from './types';

/**
 * Declares a plugin. The module's default export (or `module.exports`) must be its result; the
 * host validates the manifest before running anything else.
 */
export function definePlugin<Config = Record<string, unknown>>(
  definition: PluginDefinition<Config>,
): PluginDefinition<Config> {
  return definition;
}
