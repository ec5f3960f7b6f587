import { normaliseRequestResult, type InferenceRequest } from '@alloy/plugin-sdk';
import { closedFailureReason } from './plugin-failure';
import { appliesTo, hookContext, type PluginBinding } from './plugin-binding';

/** What the `inference.request` hooks made of a request. */
export type RequestChainOutcome =
  | { outcome: 'pass'; request: InferenceRequest }
  | { outcome: 'refuse'; reason: string; pluginId: string };

/**
 * Runs the `inference.request` hooks of the bindings, in order: each sees the request as the
 * plugins before it rewrote it. A refusal ends the chain, and so does a failure of a plugin that
 * fails closed (with a reason naming it).
 */
export async function runRequestHooks(
  bindings: readonly PluginBinding[],
  request: InferenceRequest,
): Promise<RequestChainOutcome> {
  let current = request;
  for (const binding of bindings) {
    if (!appliesTo(binding, binding.domain)) continue;
    const { handle } = binding;
    const input = current;
    const result = await handle.invoke(
      'inference.request',
      { op: 'hook', hook: 'inference.request', input, ctx: hookContext(binding) },
      (value) => normaliseRequestResult(input, value),
    );
    if (!result.ok) {
      if (result.policy === 'open') continue;
      return {
        outcome: 'refuse',
        reason: closedFailureReason(handle.id, result.kind),
        pluginId: handle.id,
      };
    }
    const value = result.value;
    if ('refuse' in value) return { outcome: 'refuse', reason: value.refuse, pluginId: handle.id };
    if ('rewrite' in value) current = value.rewrite;
  }
  return { outcome: 'pass', request: current };
}
