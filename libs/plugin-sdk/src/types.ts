/**
 * The contract between a plugin and the Alloy host. Everything here crosses a process boundary
 * as JSON: hook inputs and results must be plain data (no functions, dates or class instances).
 */

/** The SDK's own version; a manifest's `sdk` range must accept it. */
export const SDK_VERSION = '1.0.0';

/** The hooks a plugin can implement, in the order the host runs them for one request. */
export const HOOK_NAMES = [
  'dataset.record',
  'inference.request',
  'inference.response',
  'tools',
  'evaluators',
] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/**
 * What the host does when a hook throws, times out, crashes its sandbox or returns something
 * invalid. `open`: go on as if the plugin were not there. `closed`: refuse (the request, the
 * record, the response) with an error that names the plugin.
 */
export type FailurePolicy = 'open' | 'closed';

/** A JSON Schema (draft 2020-12 subset understood by Ajv). */
export type JsonSchema = { [key: string]: unknown };

/** What a plugin declares about itself; the host validates it before any plugin code runs. */
export interface PluginManifest {
  /** Lower-case words joined by `-` or `.`, 3 to 64 characters: `alloy.finance`, `acme-kyc`. */
  id: string;
  /** Semantic version of the plugin. */
  version: string;
  /** Semver range of `@alloy/plugin-sdk` versions the plugin works with, e.g. `^1.0.0`. */
  sdk: string;
  displayName?: string;
  description?: string;
  /** Domains (slugs) the plugin applies to; empty means any domain. */
  domains: string[];
  /** What the plugin may reach. Nothing by default. */
  permissions?: {
    /** Host names (optionally `host:port`) the plugin may fetch from, through the host. */
    network?: string[];
  };
  /** JSON Schema of the plugin's configuration (an object); defaults fill missing keys. */
  config?: JsonSchema;
  /** Failure policy per hook; a hook not named here fails closed. */
  failurePolicy?: Partial<Record<HookName, FailurePolicy>>;
  /** Limits per hook call and for the sandbox; the host caps them. */
  limits?: {
    /** Wall-clock limit of one hook call, in ms (default 250, at most 5000). */
    timeoutMs?: number;
    /** Heap of the plugin's sandbox, in MiB (default 64, at most 512). */
    memoryMb?: number;
  };
}

/** A chat message as Alloy and the OpenAI API carry it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** For `tool` messages: the call this answers. */
  tool_call_id?: string;
  /** For assistant messages that called tools. */
  tool_calls?: ToolCall[];
}

/** A function call the model made, in the OpenAI shape. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Dataset records as ingestion hands them to plugins. */
export type DatasetRecord =
  | { text: string }
  | { messages: ChatMessage[] }
  | { question: string; choices: string[]; answer: number; subject?: string; id?: string };

/** Where a hook runs, and the configuration the organisation gave the plugin there. */
export interface HookContext<Config = Record<string, unknown>> {
  /** The plugin's configuration, validated against its schema, defaults applied. */
  config: Config;
  organizationId: string;
  domain?: string;
  /** The model a request is for, or the model an evaluation is of. */
  model?: string;
}

export interface DatasetRecordContext<
  Config = Record<string, unknown>,
> extends HookContext<Config> {
  kind: 'corpus' | 'chat' | 'multiple_choice';
  /** Line of the record in the uploaded file. */
  line: number;
}

/** `dataset.record`: the record as it should be kept, `{ drop }` to leave it out, or nothing to keep it. */
export type DatasetRecordResult = DatasetRecord | { drop: string } | void;

/** An inference request as plugins see it; one of `messages` and `prompt` is set. */
export interface InferenceRequest {
  api: 'rest' | 'openai' | 'grpc';
  model: string;
  version: number;
  messages?: ChatMessage[];
  prompt?: string;
  maxTokens?: number;
}

/**
 * `inference.request`: nothing to let it pass; `{ messages }` or `{ prompt }` to rewrite it;
 * `{ refuse }` to answer the caller with that reason instead of generating.
 */
export type InferenceRequestResult =
  void | { messages?: ChatMessage[]; prompt?: string } | { refuse: string };

/**
 * The response, one segment at a time. A non-streamed response is one segment with `final: true`.
 * A stream is cut at sentence ends; each segment is passed through every plugin before it is sent,
 * and a last call with `final: true` (its `text` possibly empty) lets a plugin append a closing line.
 */
export interface InferenceResponse {
  request: InferenceRequest;
  /** The segment to process. */
  text: string;
  /** What has already been sent to the caller (after every plugin). */
  sentSoFar: string;
  /** 0 for the first segment. */
  index: number;
  final: boolean;
}

/** `inference.response`: nothing to keep the segment, or its replacement and notes for the caller. */
export type InferenceResponseResult = void | { text?: string; annotations?: string[] };

/** A function the model can call; the host validates arguments against `parameters`. */
export interface ToolDefinition<Config = Record<string, unknown>> {
  /** `^[a-zA-Z][a-zA-Z0-9_]{0,63}$`, unique among the enabled plugins' tools. */
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: JsonSchema;
  /** Returns a JSON-serialisable result; what it throws is reported to the model as an error. */
  handler: (args: Record<string, unknown>, ctx: HookContext<Config>) => unknown;
}

/** One case of an evaluation: a prompt or chat and what to expect. */
export interface EvalCase {
  id: string;
  messages?: ChatMessage[];
  prompt?: string;
  /** Anything the scorer needs; passed back to `score` unchanged. */
  expected?: unknown;
  maxTokens?: number;
}

/** A domain check of a model version: cases to run and a scorer of each output. */
export interface EvaluatorDefinition<Config = Record<string, unknown>> {
  /** `^[a-z][a-z0-9_]{0,63}$`. */
  name: string;
  description: string;
  cases: (ctx: HookContext<Config>) => EvalCase[];
  /** Metrics of one output, each in [0, 1]; the host reports each metric's mean over the cases. */
  score: (evalCase: EvalCase, output: string, ctx: HookContext<Config>) => Record<string, number>;
}

type MaybePromise<T> = T | Promise<T>;

/** The hooks of a plugin; every one is optional. */
export interface PluginHooks<Config = Record<string, unknown>> {
  'dataset.record'?: (
    record: DatasetRecord,
    ctx: DatasetRecordContext<Config>,
  ) => MaybePromise<DatasetRecordResult>;
  'inference.request'?: (
    request: InferenceRequest,
    ctx: HookContext<Config>,
  ) => MaybePromise<InferenceRequestResult>;
  'inference.response'?: (
    response: InferenceResponse,
    ctx: HookContext<Config>,
  ) => MaybePromise<InferenceResponseResult>;
}

/** What `definePlugin` takes and returns. */
export interface PluginDefinition<Config = Record<string, unknown>> {
  manifest: PluginManifest;
  hooks?: PluginHooks<Config>;
  tools?: ToolDefinition<Config>[];
  evaluators?: EvaluatorDefinition<Config>[];
}
