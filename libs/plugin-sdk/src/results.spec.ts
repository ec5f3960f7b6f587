import { describe, expect, it } from 'vitest';
import {
  normaliseRequestResult,
  normaliseResponseResult,
  normaliseScores,
  validateDefinition,
} from './results';
import type { InferenceRequest, InferenceResponse, PluginManifest } from './types';

const manifest: PluginManifest = { id: 'acme.x', version: '1.0.0', sdk: '^1.0.0', domains: [] };
const chat: InferenceRequest = {
  api: 'openai',
  model: 'm',
  version: 1,
  messages: [{ role: 'user', content: 'hi' }],
};

describe('normaliseRequestResult', () => {
  it('keeps a rewrite in the form of the request', () => {
    expect(normaliseRequestResult(chat, { prompt: 'x' })).toEqual({
      invalid: 'prompt: a chat request is rewritten with messages',
    });
    expect(
      normaliseRequestResult({ ...chat, messages: undefined, prompt: 'p' }, { prompt: 'q' }),
    ).toEqual({
      rewrite: { api: 'openai', model: 'm', version: 1, messages: undefined, prompt: 'q' },
    });
  });

  it('refuses misspelt fields and empty reasons instead of ignoring them', () => {
    expect(normaliseRequestResult(chat, { refused: 'no' })).toEqual({
      invalid: 'refused: is not a known field (messages, prompt or refuse)',
    });
    expect(normaliseRequestResult(chat, { refuse: ' ' })).toEqual({
      invalid: 'refuse: must be a non-empty reason',
    });
    expect(normaliseRequestResult(chat, { messages: [{ role: 'robot', content: 'x' }] })).toEqual({
      invalid: 'messages[0].role: must be one of system, user, assistant, tool',
    });
  });
});

describe('normaliseResponseResult', () => {
  const input: InferenceResponse = {
    request: chat,
    text: 'Hi. ',
    sentSoFar: '',
    index: 0,
    final: false,
  };
  it('keeps the segment when the hook returns nothing and checks annotations', () => {
    expect(normaliseResponseResult(input, undefined)).toEqual({ text: 'Hi. ', annotations: [] });
    expect(normaliseResponseResult(input, { annotations: ['ok'] })).toEqual({
      text: 'Hi. ',
      annotations: ['ok'],
    });
    expect(normaliseResponseResult(input, { annotations: 'ok' })).toEqual({
      invalid: 'annotations: must be an array of non-empty strings',
    });
  });
});

describe('normaliseScores', () => {
  it('accepts metrics in [0, 1] only', () => {
    expect(normaliseScores({ accuracy: 1 })).toEqual({ metrics: { accuracy: 1 } });
    expect(normaliseScores({ accuracy: 1.5 })).toEqual({
      invalid: 'metric accuracy: 1.5 is not a number in [0, 1]',
    });
  });
});

describe('validateDefinition', () => {
  it('names every malformed hook, tool and evaluator', () => {
    const result = validateDefinition({
      manifest,
      hooks: { 'inference.reply': () => undefined, 'inference.request': 'no' },
      tools: [
        { name: 'lookup', description: 'a', parameters: { type: 'object' }, handler: () => 1 },
        { name: 'lookup', description: 'b', parameters: { type: 'object' }, handler: () => 1 },
        { name: '9lives', description: '', parameters: { type: 'array' }, handler: 1 },
      ],
      evaluators: [{ name: 'Exact', description: 'd', cases: () => [], score: null }],
      extra: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'definition.extra: is not a known field (manifest, hooks, tools, evaluators)',
      expect.stringMatching(/^hooks\.inference\.reply: is not a hook/),
      'hooks.inference.request: must be a function',
      'tools[1].name: "lookup" is used twice',
      'tools[2].name: "9lives" must match ^[a-zA-Z][a-zA-Z0-9_]{0,63}$',
      'tools[2].description: must be a non-empty string',
      'tools[2].handler: must be a function',
      'tools[2].parameters: must be a JSON Schema with "type": "object"',
      'evaluators[0].name: "Exact" must match ^[a-z][a-z0-9_]{0,63}$',
      'evaluators[0].score: must be a function',
    ]);
  });
});
