import { describe, expect, it } from 'vitest';
import type { RoutedResult } from '../serving/generation.service';
import type { IncomingMessage } from './tool-calls';
import { runToolLoop } from './tool-loop';

/** A generation result with the given text (the loop reads only text, usage and annotations). */
const answer = (text: string): RoutedResult =>
  ({
    text,
    tokenIds: [],
    finishReason: 'stop',
    usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    timings: { queueMs: 0, timeToFirstTokenMs: 0, totalMs: 0 },
    annotations: [],
    routed: { model: 'm', version: 1 },
  }) as unknown as RoutedResult;

const call = (name: string, args: object) =>
  `<tool_call>{"name": "${name}", "arguments": ${JSON.stringify(args)}}</tool_call>`;

describe('the tool loop', () => {
  it('runs a plugin tool the model called and feeds the result back', async () => {
    const seen: IncomingMessage[][] = [];
    const replies = [call('finance_apr', { fee: 10 }), 'The APR is 5%.'];
    const result = await runToolLoop({
      messages: [{ role: 'user', content: 'APR?' }],
      serverTools: new Set(['finance_apr']),
      generate: async (messages) => {
        seen.push(messages);
        return answer(replies[seen.length - 1]);
      },
      runTool: async (name, args) => ({ ok: true, result: { name, args: JSON.parse(args) } }),
    });
    expect(result.content).toBe('The APR is 5%.');
    expect(result.toolCalls).toBeNull();
    expect(result.usage.totalTokens).toBe(30);
    expect(result.executed.map((e) => e.call.function.name)).toEqual(['finance_apr']);
    const second = seen[1];
    expect(second[1]).toMatchObject({ role: 'assistant', tool_calls: [{ type: 'function' }] });
    expect(second[2]).toMatchObject({ role: 'tool', tool_call_id: second[1].tool_calls![0].id });
    expect(JSON.parse(second[2].content)).toEqual({ name: 'finance_apr', args: { fee: 10 } });
  });

  it("returns a call of the client's own tool to the client", async () => {
    const result = await runToolLoop({
      messages: [{ role: 'user', content: 'weather?' }],
      serverTools: new Set(['finance_apr']),
      generate: async () => answer(`Checking.${call('get_weather', { city: 'Oslo' })}`),
      runTool: async () => {
        throw new Error('no plugin tool was called');
      },
    });
    expect(result.content).toBe('Checking.');
    expect(result.toolCalls?.[0].function).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });
  });

  it('reports a failed tool to the model and stops at its bound', async () => {
    let rounds = 0;
    const result = await runToolLoop({
      messages: [{ role: 'user', content: 'loop' }],
      serverTools: new Set(['t']),
      maxRounds: 3,
      generate: async (messages) => {
        rounds++;
        if (rounds > 1) expect(messages.at(-1)?.content).toBe('{"error":"bad arguments"}');
        return answer(call('t', {}));
      },
      runTool: async () => ({ ok: false, error: 'bad arguments' }),
    });
    expect(rounds).toBe(3);
    expect(result.truncated).toBe(true);
    expect(result.executed).toHaveLength(2);
  });
});
