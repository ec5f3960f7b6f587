import { describe, expect, it } from 'vitest';
import { parseToolCalls, renderChat } from './tool-calls';

describe('tool calls in ChatML', () => {
  it('parses calls out of an answer and keeps the text around them', () => {
    const { content, calls } = parseToolCalls(
      'Let me compute that.\n<tool_call>\n{"name": "finance_apr", "arguments": {"principal": 1000}}\n</tool_call>',
    );
    expect(content).toBe('Let me compute that.');
    expect(calls).toHaveLength(1);
    expect(calls[0].function).toEqual({ name: 'finance_apr', arguments: '{"principal":1000}' });
    expect(calls[0].id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it('leaves a malformed block in the text instead of inventing a call', () => {
    const text = 'x <tool_call>{"name": oops}</tool_call>';
    expect(parseToolCalls(text)).toEqual({ content: text, calls: [] });
    expect(parseToolCalls('<tool_call>{"arguments": {}}</tool_call>').calls).toEqual([]);
  });

  it('renders tools into the system message and results as tool responses', () => {
    const rendered = renderChat(
      [
        { role: 'system', content: 'Be exact.' },
        { role: 'user', content: 'APR?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
          ],
        },
        { role: 'tool', content: '{"apr":0.05}', tool_call_id: 'c1' },
      ],
      [{ name: 'f', description: 'a function', parameters: { type: 'object' } }],
    );
    expect(rendered[0].role).toBe('system');
    expect(rendered[0].content).toMatch(/^Be exact\.\n\n# Tools/);
    expect(rendered[0].content).toContain('"name":"f"');
    expect(rendered[2]).toEqual({
      role: 'assistant',
      content: '<tool_call>\n{"name":"f","arguments":{"a":1}}\n</tool_call>',
    });
    expect(rendered[3]).toEqual({
      role: 'user',
      content: '<tool_response>\n{"apr":0.05}\n</tool_response>',
    });
  });
});
