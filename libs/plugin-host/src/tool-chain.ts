import { normaliseToolResult, validateToolArguments } from '@alloy/plugin-sdk';
import { appliesTo, hookContext, type PluginBinding } from './plugin-binding';

/** A tool in the shape the OpenAI API lists functions, with the plugin that owns it. */
export interface PluginTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
  pluginId: string;
}

/** What a tool call gave: the result for the model, or an error to show it. */
export type ToolCallOutcome = { ok: true; result: unknown } | { ok: false; error: string };

interface Owned {
  binding: PluginBinding;
  tool: PluginTool;
}

async function ownedTools(bindings: readonly PluginBinding[]): Promise<Owned[]> {
  const seen = new Set<string>();
  const owned: Owned[] = [];
  for (const binding of bindings) {
    if (!appliesTo(binding, binding.domain)) continue;
    const described = await binding.handle.describe();
    // A plugin whose sandbox does not start offers no tools; describe() has logged why.
    if (!described.ok) continue;
    for (const t of described.contents.tools) {
      // Names must be unique among the enabled plugins; the first binding keeps a name.
      if (seen.has(t.name)) continue;
      seen.add(t.name);
      owned.push({
        binding,
        tool: {
          type: 'function',
          function: { name: t.name, description: t.description, parameters: t.parameters },
          pluginId: binding.handle.id,
        },
      });
    }
  }
  return owned;
}

/** The tools the bindings' plugins offer, in binding order. */
export async function listTools(bindings: readonly PluginBinding[]): Promise<PluginTool[]> {
  return (await ownedTools(bindings)).map((o) => o.tool);
}

/**
 * Calls a tool by name with the arguments a model sent (a JSON string), after validating them
 * against the tool's schema. Errors are for the model to read; failures are also reported.
 */
export async function callTool(
  bindings: readonly PluginBinding[],
  name: string,
  argsJson: string,
): Promise<ToolCallOutcome> {
  const owned = (await ownedTools(bindings)).find((o) => o.tool.function.name === name);
  if (!owned) return { ok: false, error: `no tool named ${name}` };
  const args = validateToolArguments(owned.tool.function.parameters, argsJson);
  if (!args.ok)
    return { ok: false, error: `invalid arguments for ${name}: ${args.errors.join('; ')}` };
  const { binding } = owned;
  const result = await binding.handle.invoke(
    'tools',
    { op: 'tool', name, input: args.args, ctx: hookContext(binding) },
    normaliseToolResult,
  );
  if (!result.ok)
    return {
      ok: false,
      error: `tool ${name} of plugin ${binding.handle.id} failed (${result.kind}): ${result.message}`,
    };
  return { ok: true, result: result.value.value };
}
