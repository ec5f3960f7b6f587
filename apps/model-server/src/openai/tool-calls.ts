import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '@alloy/inference';

/**
 * Function calling in the convention ChatML models are trained on (Hermes, Qwen): the functions
 * are listed in the system message inside `<tools>`, the model answers a call as
 * `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`, and a result comes back in the user
 * turn inside `<tool_response>`. Rendering here rather than in the chat template keeps it working
 * with templates that know nothing of tools, such as the one Alloy's trainer writes.
 */
export interface OfferedTool {
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
}

/** A tool call as the OpenAI API carries it. */
export interface ParsedToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** The chat messages as a request may send them (OpenAI's shape, already validated). */
export interface IncomingMessage {
  role: string;
  content: string;
  tool_calls?: ParsedToolCall[] | null;
  tool_call_id?: string | null;
}

export function toolsPrompt(tools: readonly OfferedTool[]): string {
  const signatures = tools
    .map((t) =>
      JSON.stringify({
        type: 'function',
        function: {
          name: t.name,
          description: t.description ?? '',
          parameters: t.parameters ?? { type: 'object' },
        },
      }),
    )
    .join('\n');
  return [
    '# Tools',
    '',
    'You may call one or more functions to assist with the user query.',
    '',
    'You are provided with function signatures within <tools></tools> XML tags:',
    `<tools>\n${signatures}\n</tools>`,
    '',
    'For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:',
    '<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>',
  ].join('\n');
}

/** The messages the engine renders: tool calls and results written as the model reads them. */
export function renderChat(
  messages: readonly IncomingMessage[],
  tools: readonly OfferedTool[] | null,
): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const role = m.role === 'developer' ? 'system' : m.role;
    if (role === 'tool') {
      out.push({
        role: 'user',
        content: `<tool_response>\n${m.content}\n</tool_response>`,
      });
    } else if (role === 'assistant' && m.tool_calls?.length) {
      const calls = m.tool_calls.map(
        (c) =>
          `<tool_call>\n${JSON.stringify({ name: c.function.name, arguments: parseArguments(c.function.arguments) })}\n</tool_call>`,
      );
      out.push({ role, content: [m.content, ...calls].filter(Boolean).join('\n') });
    } else {
      out.push({ role, content: m.content });
    }
  }
  if (tools?.length) {
    const prompt = toolsPrompt(tools);
    if (out[0]?.role === 'system')
      out[0] = { ...out[0], content: `${out[0].content}\n\n${prompt}` };
    else out.unshift({ role: 'system', content: prompt });
  }
  return out;
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const CALL = /<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/g;

/**
 * The tool calls in a model's answer and the text around them. A block that is not JSON with a
 * string `name` stays in the text: the caller sees what the model wrote rather than losing it.
 */
export function parseToolCalls(text: string): { content: string; calls: ParsedToolCall[] } {
  const calls: ParsedToolCall[] = [];
  const content = text.replace(CALL, (block: string, body: string) => {
    try {
      const parsed = JSON.parse(body) as { name?: unknown; arguments?: unknown };
      if (typeof parsed.name !== 'string' || !parsed.name) return block;
      const args = parsed.arguments ?? {};
      calls.push({
        id: `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        type: 'function',
        function: {
          name: parsed.name,
          arguments: typeof args === 'string' ? args : JSON.stringify(args),
        },
      });
      return '';
    } catch {
      return block;
    }
  });
  return { content: content.trim(), calls };
}
