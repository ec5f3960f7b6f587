import type { HookContext } from '@alloy/plugin-sdk';
import type { PluginHandle } from './plugin-host';

/** A plugin enabled somewhere (an organisation, a domain, a model), with its configuration there. */
export interface PluginBinding {
  handle: PluginHandle;
  /** The organisation's configuration of the plugin, already resolved against its schema. */
  config: Record<string, unknown>;
  organizationId: string;
  domain?: string;
  model?: string;
}

/** A plugin that names domains runs only for those; one that names none runs everywhere. */
export function appliesTo(binding: PluginBinding, domain: string | undefined): boolean {
  const domains = binding.handle.manifest.domains;
  return domains.length === 0 || domain === undefined || domains.includes(domain);
}

export function hookContext(binding: PluginBinding): HookContext {
  return {
    config: binding.config,
    organizationId: binding.organizationId,
    ...(binding.domain !== undefined ? { domain: binding.domain } : {}),
    ...(binding.model !== undefined ? { model: binding.model } : {}),
  };
}
