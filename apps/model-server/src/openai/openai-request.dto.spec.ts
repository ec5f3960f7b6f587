import { describe, expect, it } from 'vitest';
import { ServingError } from '../common/serving-error';
import { chatCompletionSchema, parseOpenAiBody } from './openai-request.dto';

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

function refusal(body: object): { param: string | null; message: string } {
  try {
    parseOpenAiBody(chatCompletionSchema, { model: 'm', ...body });
  } catch (error) {
    if (error instanceof ServingError) return { param: error.param, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('chat completion tools', () => {
  it('parses tools, tool_choice, assistant tool calls and tool results', () => {
    const body = parseOpenAiBody(chatCompletionSchema, {
      model: 'm',
      tools: [weather],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":3}' },
      ],
    });
    expect(body.tools?.[0].function.name).toBe('get_weather');
    expect(body.messages[1].tool_calls?.[0].function.arguments).toBe('{"city":"Oslo"}');
    expect(body.messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
    for (const choice of ['none', 'auto', 'required'])
      expect(
        parseOpenAiBody(chatCompletionSchema, {
          model: 'm',
          tools: [weather],
          tool_choice: choice,
          messages: [{ role: 'user', content: 'hi' }],
        }).tool_choice,
      ).toBe(choice);
  });

  it('names the field of a bad tool, choice or tool message', () => {
    const user = [{ role: 'user', content: 'hi' }];
    expect(refusal({ messages: user, tools: Array(65).fill(weather) }).param).toBe('tools');
    expect(
      refusal({ messages: user, tools: [{ type: 'retrieval', function: { name: 'x' } }] }).param,
    ).toBe('tools.0.type');
    expect(
      refusal({ messages: user, tools: [{ type: 'function', function: { name: 'a b' } }] }).param,
    ).toBe('tools.0.function.name');
    expect(refusal({ messages: user, tool_choice: 'sometimes' }).param).toBe('tool_choice');
    expect(refusal({ messages: user, tool_choice: 'required' }).param).toBe('tool_choice');
    expect(refusal({ messages: user, tool_choice: 'auto' }).message).toBe(
      'tool_choice: needs tools',
    );
    expect(
      refusal({
        messages: user,
        tools: [weather],
        tool_choice: { type: 'function', function: { name: 'other' } },
      }).param,
    ).toBe('tool_choice.function.name');
    expect(refusal({ messages: [{ role: 'tool', content: '3' }] }).param).toBe(
      'messages.0.tool_call_id',
    );
    expect(
      refusal({
        messages: [
          {
            role: 'user',
            content: 'x',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
        ],
      }).param,
    ).toBe('messages.0.tool_calls');
  });
});
