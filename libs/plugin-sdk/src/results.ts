import { validateManifest } from './manifest';
import { compileStrict, objectSchemaProblem } from './schema-cache';
import { formatAjvErrors, describeValue } from './schema-errors';
import type {
  ChatMessage,
  DatasetRecord,
  DatasetRecordContext,
  InferenceRequest,
  InferenceResponse,
  JsonSchema,
  PluginDefinition,
} from './types';

/*
 * What hooks return is checked here, and only here: the in-process test harness and the sandboxed
 * host both call these functions, so a result the harness accepts is one Alloy accepts.
 */

/** Tool names: what the OpenAI function-calling API accepts. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
/** Evaluator names: they become metric keys in reports. */
export const EVALUATOR_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
/** The hooks that are functions in `definition.hooks` (tools and evaluators are lists). */
export const FUNCTION_HOOKS = [
  'dataset.record',
  'inference.request',
  'inference.response',
] as const;

const ROLES: readonly string[] = ['system', 'user', 'assistant', 'tool'];

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Dict, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((k) => !allowed.includes(k));
}

/** The first problem of a list of chat messages, or undefined. */
export function chatMessagesProblem(messages: unknown, path: string): string | undefined {
  if (!Array.isArray(messages)) return `${path}: must be an array of messages`;
  if (messages.length === 0) return `${path}: must hold at least one message`;
  for (const [i, m] of messages.entries()) {
    const at = `${path}[${i}]`;
    if (!isDict(m)) return `${at}: must be an object`;
    if (typeof m.role !== 'string' || !ROLES.includes(m.role)) {
      return `${at}.role: must be one of ${ROLES.join(', ')}`;
    }
    if (typeof m.content !== 'string') return `${at}.content: must be a string`;
    if (m.tool_call_id !== undefined && typeof m.tool_call_id !== 'string') {
      return `${at}.tool_call_id: must be a string`;
    }
    if (m.tool_calls !== undefined && !Array.isArray(m.tool_calls)) {
      return `${at}.tool_calls: must be an array`;
    }
    const extra = unknownKeys(m, ['role', 'content', 'tool_call_id', 'tool_calls']);
    if (extra.length > 0) return `${at}.${extra[0]}: is not a known field`;
  }
  return undefined;
}

/** The first problem of a dataset record of the given kind, or undefined. */
export function datasetRecordProblem(
  kind: DatasetRecordContext['kind'],
  record: unknown,
): string | undefined {
  if (!isDict(record)) return 'record: must be an object';
  const check = (allowed: readonly string[]): string | undefined => {
    const extra = unknownKeys(record, allowed);
    return extra.length > 0
      ? `record.${extra[0]}: is not a known field of a ${kind} record`
      : undefined;
  };
  switch (kind) {
    case 'corpus':
      if (typeof record.text !== 'string') return 'record.text: must be a string';
      if (record.text.trim() === '')
        return 'record.text: is empty (return { drop: reason } to leave a record out)';
      return check(['text']);
    case 'chat':
      return chatMessagesProblem(record.messages, 'record.messages') ?? check(['messages']);
    case 'multiple_choice': {
      if (typeof record.question !== 'string' || record.question === '') {
        return 'record.question: must be a non-empty string';
      }
      const choices = record.choices;
      if (
        !Array.isArray(choices) ||
        choices.length < 2 ||
        choices.some((c) => typeof c !== 'string')
      ) {
        return 'record.choices: must be an array of at least two strings';
      }
      const answer = record.answer;
      if (
        typeof answer !== 'number' ||
        !Number.isInteger(answer) ||
        answer < 0 ||
        answer >= choices.length
      ) {
        return `record.answer: must be the index of a choice (0 to ${choices.length - 1})`;
      }
      if (record.subject !== undefined && typeof record.subject !== 'string')
        return 'record.subject: must be a string';
      if (record.id !== undefined && typeof record.id !== 'string')
        return 'record.id: must be a string';
      return check(['question', 'choices', 'answer', 'subject', 'id']);
    }
  }
}

function dropReason(value: Dict): { drop: string } | { invalid: string } {
  if (typeof value.drop !== 'string' || value.drop.trim() === '') {
    return { invalid: 'drop: must be a non-empty reason' };
  }
  const extra = unknownKeys(value, ['drop']);
  return extra.length > 0
    ? { invalid: `${extra[0]}: is not allowed beside drop` }
    : { drop: value.drop };
}

/** What the pipeline does with a record after a plugin's `dataset.record` hook. */
export type RecordOutcome = { record: DatasetRecord } | { drop: string } | { invalid: string };

/**
 * Checks what a `dataset.record` hook returned: nothing keeps `original`, `{ drop }` leaves the
 * record out, and a record must be a well-formed record of the same kind.
 */
export function normaliseRecordResult(
  kind: DatasetRecordContext['kind'],
  result: unknown,
  original: DatasetRecord,
): RecordOutcome {
  if (result === undefined || result === null) return { record: original };
  if (!isDict(result))
    return { invalid: `expected a record, { drop } or nothing, got ${describeValue(result)}` };
  if ('drop' in result) return dropReason(result);
  const problem = datasetRecordProblem(kind, result);
  return problem === undefined ? { record: result as DatasetRecord } : { invalid: problem };
}

/** What the server does with a request after a plugin's `inference.request` hook. */
export type RequestOutcome =
  { pass: true } | { rewrite: InferenceRequest } | { refuse: string } | { invalid: string };

/**
 * Checks what an `inference.request` hook returned. A rewrite keeps the request's form: a chat
 * request is rewritten with `messages`, a completion with `prompt`; the other fields are the host's.
 */
export function normaliseRequestResult(request: InferenceRequest, result: unknown): RequestOutcome {
  if (result === undefined || result === null) return { pass: true };
  if (!isDict(result))
    return {
      invalid: `expected { messages }, { prompt }, { refuse } or nothing, got ${describeValue(result)}`,
    };
  if ('refuse' in result) {
    if (typeof result.refuse !== 'string' || result.refuse.trim() === '') {
      return { invalid: 'refuse: must be a non-empty reason' };
    }
    const extra = unknownKeys(result, ['refuse']);
    return extra.length > 0
      ? { invalid: `${extra[0]}: is not allowed beside refuse` }
      : { refuse: result.refuse };
  }
  const extra = unknownKeys(result, ['messages', 'prompt']);
  if (extra.length > 0)
    return { invalid: `${extra[0]}: is not a known field (messages, prompt or refuse)` };
  const isChat = request.messages !== undefined;
  if (result.messages === undefined && result.prompt === undefined) return { pass: true };
  if (isChat) {
    if (result.prompt !== undefined)
      return { invalid: 'prompt: a chat request is rewritten with messages' };
    const problem = chatMessagesProblem(result.messages, 'messages');
    if (problem !== undefined) return { invalid: problem };
    return { rewrite: { ...request, messages: result.messages as ChatMessage[] } };
  }
  if (result.messages !== undefined)
    return { invalid: 'messages: a completion request is rewritten with prompt' };
  if (typeof result.prompt !== 'string') return { invalid: 'prompt: must be a string' };
  return { rewrite: { ...request, prompt: result.prompt } };
}

/** A response segment after a plugin's `inference.response` hook. */
export type ResponseOutcome = { text: string; annotations: string[] } | { invalid: string };

/** Checks what an `inference.response` hook returned; nothing keeps the segment as it was. */
export function normaliseResponseResult(
  input: InferenceResponse,
  result: unknown,
): ResponseOutcome {
  if (result === undefined || result === null) return { text: input.text, annotations: [] };
  if (!isDict(result))
    return { invalid: `expected { text, annotations } or nothing, got ${describeValue(result)}` };
  const extra = unknownKeys(result, ['text', 'annotations']);
  if (extra.length > 0) return { invalid: `${extra[0]}: is not a known field (text, annotations)` };
  const { text } = result;
  if (text !== undefined && typeof text !== 'string') return { invalid: 'text: must be a string' };
  const annotations: unknown = result.annotations ?? [];
  if (
    !Array.isArray(annotations) ||
    !annotations.every((a): a is string => typeof a === 'string' && a !== '')
  ) {
    return { invalid: 'annotations: must be an array of non-empty strings' };
  }
  return { text: text ?? input.text, annotations };
}

/** Tool arguments after validation against the tool's schema (defaults filled in). */
export type ToolArgumentsValidation =
  { ok: true; args: Record<string, unknown> } | { ok: false; errors: string[] };

/** Validates a tool call's arguments against its `parameters` schema; errors name `arguments.<field>`. */
export function validateToolArguments(
  parameters: JsonSchema,
  args: unknown,
): ToolArgumentsValidation {
  let parsed = args;
  if (typeof args === 'string') {
    // Models send arguments as a JSON string (the OpenAI shape).
    try {
      parsed = JSON.parse(args) as unknown;
    } catch {
      return { ok: false, errors: ['arguments: is not valid JSON'] };
    }
  }
  if (!isDict(parsed)) return { ok: false, errors: ['arguments: must be an object'] };
  const validate = compileStrict(parameters);
  const copy = JSON.parse(JSON.stringify(parsed)) as Record<string, unknown>;
  if (validate(copy)) return { ok: true, args: copy };
  return { ok: false, errors: formatAjvErrors('arguments', validate.errors) };
}

/** A tool's result as it will be handed to the model: it must survive JSON. */
export function normaliseToolResult(result: unknown): { value: unknown } | { invalid: string } {
  if (result === undefined) return { value: null };
  try {
    const json = JSON.stringify(result);
    if (json === undefined) return { invalid: `result ${describeValue(result)} is not JSON` };
    return { value: JSON.parse(json) as unknown };
  } catch (error) {
    return {
      invalid: `result is not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Checks an evaluator's cases: unique ids, a prompt or messages each. */
export function evalCasesProblem(cases: unknown): string | undefined {
  if (!Array.isArray(cases)) return 'cases: must return an array';
  if (cases.length === 0) return 'cases: returned no case';
  const ids = new Set<string>();
  for (const [i, c] of cases.entries()) {
    const at = `cases[${i}]`;
    if (!isDict(c)) return `${at}: must be an object`;
    if (typeof c.id !== 'string' || c.id === '') return `${at}.id: must be a non-empty string`;
    if (ids.has(c.id)) return `${at}.id: ${describeValue(c.id)} is used twice`;
    ids.add(c.id);
    if ((c.prompt === undefined) === (c.messages === undefined))
      return `${at}: must have exactly one of prompt and messages`;
    if (c.prompt !== undefined && typeof c.prompt !== 'string')
      return `${at}.prompt: must be a string`;
    if (c.messages !== undefined) {
      const problem = chatMessagesProblem(c.messages, `${at}.messages`);
      if (problem !== undefined) return problem;
    }
    if (
      c.maxTokens !== undefined &&
      (!Number.isInteger(c.maxTokens) || (c.maxTokens as number) < 1)
    ) {
      return `${at}.maxTokens: must be a positive integer`;
    }
  }
  return undefined;
}

/** Checks what an evaluator's `score` returned: metric names mapped to numbers in [0, 1]. */
export function normaliseScores(
  result: unknown,
): { metrics: Record<string, number> } | { invalid: string } {
  if (!isDict(result))
    return { invalid: `score must return { metric: number }, got ${describeValue(result)}` };
  const names = Object.keys(result);
  if (names.length === 0) return { invalid: 'score returned no metric' };
  for (const name of names) {
    const v = result[name];
    if (!EVALUATOR_NAME_PATTERN.test(name))
      return {
        invalid: `metric ${describeValue(name)}: must match ${EVALUATOR_NAME_PATTERN.source}`,
      };
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      return { invalid: `metric ${name}: ${describeValue(v)} is not a number in [0, 1]` };
    }
  }
  return { metrics: result as Record<string, number> };
}

/**
 * Means of each metric over the cases that reported it. A metric missing from some cases is
 * averaged over the others, and `counts` says how many reported it.
 */
export function aggregateMetrics(perCase: readonly { metrics: Record<string, number> }[]): {
  metrics: Record<string, number>;
  counts: Record<string, number>;
} {
  const sums: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const c of perCase) {
    for (const [name, v] of Object.entries(c.metrics)) {
      sums[name] = (sums[name] ?? 0) + v;
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  const metrics: Record<string, number> = {};
  for (const name of Object.keys(sums).sort()) metrics[name] = sums[name] / counts[name];
  return { metrics, counts };
}

/** The outcome of checking a whole `definePlugin` result. */
export type DefinitionValidation =
  { ok: true; definition: PluginDefinition } | { ok: false; errors: string[] };

/**
 * Checks everything `definePlugin` was given: the manifest, that hooks are functions of known
 * names, that tools and evaluators are well formed with valid, unique names and strict parameter
 * schemas. The host runs this on load; the harness and `alloy-plugin build` run it too.
 */
export function validateDefinition(definition: unknown): DefinitionValidation {
  if (!isDict(definition))
    return { ok: false, errors: ['definition: must be the object definePlugin returns'] };
  const errors: string[] = [];
  const extra = unknownKeys(definition, ['manifest', 'hooks', 'tools', 'evaluators']);
  for (const key of extra)
    errors.push(`definition.${key}: is not a known field (manifest, hooks, tools, evaluators)`);
  const manifest = validateManifest(definition.manifest);
  if (!manifest.ok) errors.push(...manifest.errors);

  const hooks = definition.hooks;
  if (hooks !== undefined) {
    if (!isDict(hooks)) errors.push('hooks: must be an object');
    else {
      for (const [name, fn] of Object.entries(hooks)) {
        if (!(FUNCTION_HOOKS as readonly string[]).includes(name)) {
          errors.push(
            `hooks.${name}: is not a hook (${FUNCTION_HOOKS.join(', ')}; tools and evaluators are lists beside hooks)`,
          );
        } else if (fn !== undefined && typeof fn !== 'function') {
          errors.push(`hooks.${name}: must be a function`);
        }
      }
    }
  }

  checkList(definition.tools, 'tools', TOOL_NAME_PATTERN, errors, (tool, at) => {
    if (typeof tool.handler !== 'function') errors.push(`${at}.handler: must be a function`);
    const problem = objectSchemaProblem(tool.parameters);
    if (problem !== undefined) errors.push(`${at}.parameters: ${problem}`);
  });
  checkList(
    definition.evaluators,
    'evaluators',
    EVALUATOR_NAME_PATTERN,
    errors,
    (evaluator, at) => {
      if (typeof evaluator.cases !== 'function') errors.push(`${at}.cases: must be a function`);
      if (typeof evaluator.score !== 'function') errors.push(`${at}.score: must be a function`);
    },
  );

  return errors.length === 0
    ? { ok: true, definition: definition as unknown as PluginDefinition }
    : { ok: false, errors };
}

function checkList(
  list: unknown,
  field: 'tools' | 'evaluators',
  pattern: RegExp,
  errors: string[],
  checkItem: (item: Dict, at: string) => void,
): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    errors.push(`${field}: must be an array`);
    return;
  }
  const seen = new Set<string>();
  list.forEach((item: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isDict(item)) {
      errors.push(`${at}: must be an object`);
      return;
    }
    if (typeof item.name !== 'string' || !pattern.test(item.name)) {
      errors.push(`${at}.name: ${describeValue(item.name)} must match ${pattern.source}`);
    } else if (seen.has(item.name)) {
      errors.push(`${at}.name: ${describeValue(item.name)} is used twice`);
    } else seen.add(item.name);
    if (typeof item.description !== 'string' || item.description.trim() === '') {
      errors.push(`${at}.description: must be a non-empty string`);
    }
    checkItem(item, at);
  });
}
