import type { Usage } from '@alloy/inference';
import type { RoutedResult } from '../serving/generation.service';
import { type IncomingMessage, type ParsedToolCall, parseToolCalls } from './tool-calls';

/** Rounds of model -> plugin tool -> model one request may take before the answer is returned as it is. */
export const MAX_TOOL_ROUNDS = 4;

export interface ToolLoopOptions {
  messages: IncomingMessage[];
  /** Names of the tools plugins run on the server; any other call goes back to the client. */
  serverTools: ReadonlySet<string>;
  generate: (messages: IncomingMessage[]) => Promise<RoutedResult>;
  runTool: (
    name: string,
    argumentsJson: string,
  ) => Promise<{ ok: true; result: unknown } | { ok: false; error: string }>;
  maxRounds?: number;
}

export interface ToolLoopResult {
  /** The last generation (its routing and finish reason). */
  last: RoutedResult;
  content: string | null;
  /** Calls for the client to run (finish_reason `tool_calls`), or null for a final answer. */
  toolCalls: ParsedToolCall[] | null;
  /** Usage summed over every round. */
  usage: Usage;
  /** The calls plugins ran, in order, with what they returned. */
  executed: { call: ParsedToolCall; ok: boolean }[];
  /** True when the loop stopped at its bound with calls still being made. */
  truncated: boolean;
  annotations: string[];
}

/**
 * Generates, runs the plugin tools the model called and feeds their results back, until the
 * model answers without calling one, calls a tool of the client's (returned to the client to run,
 * as OpenAI does), or the bound of rounds is reached.
 */
export async function runToolLoop(options: ToolLoopOptions): Promise<ToolLoopResult> {
  const maxRounds = options.maxRounds ?? MAX_TOOL_ROUNDS;
  const messages = [...options.messages];
  const usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  const executed: ToolLoopResult['executed'] = [];
  const annotations: string[] = [];
  for (let round = 1; ; round++) {
    const last = await options.generate(messages);
    usage.promptTokens += last.usage.promptTokens;
    usage.completionTokens += last.usage.completionTokens;
    usage.totalTokens += last.usage.totalTokens;
    annotations.push(...last.annotations);
    const { content, calls } = parseToolCalls(last.text);
    const done = (
      text: string | null,
      toolCalls: ParsedToolCall[] | null,
      truncated = false,
    ): ToolLoopResult => ({
      last,
      content: text,
      toolCalls,
      usage,
      executed,
      truncated,
      annotations,
    });
    if (calls.length === 0) return done(last.text, null);
    const forClient = calls.filter((c) => !options.serverTools.has(c.function.name));
    if (forClient.length) return done(content || null, forClient);
    if (round >= maxRounds) return done(content || null, null, true);
    messages.push({ role: 'assistant', content, tool_calls: calls });
    for (const call of calls) {
      const outcome = await options.runTool(call.function.name, call.function.arguments);
      executed.push({ call, ok: outcome.ok });
      messages.push({
        role: 'tool',
        tool_call_id: call.id,
        content: JSON.stringify(outcome.ok ? outcome.result : { error: outcome.error }),
      });
    }
  }
}
