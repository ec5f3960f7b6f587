import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import createClient, { type Client } from 'openapi-fetch';
import { AlloyApiError, AlloyConflictError, errorFromResponse, toAlloyError } from './alloy-errors';
import type { paths as ControlPlanePaths } from './generated/control-plane';
import type {
  components as InferenceSchemas,
  paths as InferencePaths,
} from './generated/model-server';
import type {
  CreateDeploymentInput,
  CreateJobInput,
  Dataset,
  DatasetVersion,
  Deployment,
  Domain,
  Job,
  JobEnd,
  JobEvent,
  Model,
  ModelVersion,
  Page,
  PageOptions,
  Plugin,
  PluginEnablement,
  PluginEnablementInput,
  Principal,
  PromoteInput,
} from './resource.types';
import { readServerSentEvents } from './sse-reader';

/** How to reach Alloy and with which key. */
export interface AlloyClientOptions {
  /** The control plane, as `http://localhost:3000` (a trailing `/api/v1` is accepted). */
  url: string;
  /** An API key (`alloy_ak_...`) or a session token. */
  apiKey: string;
  /** The model server, as `http://localhost:8080`; needed for `chat` and `.inference`. */
  inferenceUrl?: string;
  /** Act in another organisation (platform admins): sent as `X-Alloy-Organization`. */
  organization?: string;
  /** A fetch to use instead of the global one (proxies, tests, instrumentation). */
  fetch?: typeof fetch;
}

/** A chat message as the OpenAI-compatible endpoint takes it. */
export type ChatMessage = InferenceSchemas['schemas']['ChatCompletionRequest']['messages'][number];
/** A chat completion request's options besides the model and messages. */
export type ChatOptions = Omit<
  InferenceSchemas['schemas']['ChatCompletionRequest'],
  'model' | 'messages' | 'stream'
> & {
  /** Cancels the request (and a stream being read). */
  signal?: AbortSignal;
};
/** A complete chat completion (OpenAI's shape). */
export type ChatCompletion = InferenceSchemas['schemas']['ChatCompletion'];

/** A piece of a streamed chat answer. */
export interface ChatDelta {
  /** New text (may be empty, as in the first piece). */
  content: string;
  /** Set on the first piece. */
  role?: string;
  /** Set on the last piece: "stop" or "length". */
  finishReason: string | null;
  /** The version that answered, `<model>@<version>`. */
  modelVersion: string | null;
  /** Token counts, on a final piece when `stream_options.include_usage` was asked. */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** Progress of an upload: bytes sent so far, and the total when the source's size is known. */
export interface UploadProgress {
  bytesSent: number;
  totalBytes: number | null;
}

/** What to upload: a file path, bytes, a Blob, a web stream or a Node stream. */
export type UploadSource =
  string | Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Where an upload goes; `kind` and `domain` create the dataset when it does not exist. */
export interface UploadDatasetFields {
  name: string;
  kind?: string;
  domain?: string;
  description?: string;
  /** The file's name (its extension tells the format); taken from a path source by default. */
  fileName?: string;
  format?: 'auto' | 'txt' | 'jsonl' | 'json';
  /** The base model whose tokenizer counts the tokens of the report. */
  baseModel?: string;
}

/** How to wait for something the server does in the background. */
export interface WaitOptions {
  /** Time between polls (default 500 ms). */
  intervalMs?: number;
  /** Give up after this long (default: never). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const FINISHED_INGESTION = new Set(['ready', 'failed']);
const MAX_RECONNECTS = 5;

function baseUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

async function* bytesOf(source: UploadSource): AsyncGenerator<Uint8Array> {
  if (typeof source === 'string') yield* createReadStream(source);
  else if (source instanceof Uint8Array) yield source;
  else if (source instanceof Blob) yield* Readable.fromWeb(source.stream() as never);
  else if (source instanceof ReadableStream) yield* Readable.fromWeb(source as never);
  else yield* source;
}

async function sizeOf(source: UploadSource): Promise<number | null> {
  if (typeof source === 'string') return (await stat(source)).size;
  if (source instanceof Uint8Array) return source.byteLength;
  if (source instanceof Blob) return source.size;
  return null;
}

/**
 * The Alloy client: typed access to every path of the control plane (`.api`) and of the model
 * server (`.inference`), and the calls partners make most as methods that throw `AlloyApiError`s.
 */
export class AlloyClient {
  /** Every control-plane path, typed from its OpenAPI document (openapi-fetch: `{data, error}`). */
  readonly api: Client<ControlPlanePaths>;
  /** Every model-server path, typed from its OpenAPI document. */
  readonly inference: Client<InferencePaths>;

  private readonly url: string;
  private readonly inferenceUrl: string | null;
  private readonly headers: Record<string, string>;
  private readonly fetcher: typeof fetch;

  constructor(options: AlloyClientOptions) {
    if (!options.url) throw new TypeError('AlloyClient needs a url');
    if (!options.apiKey) throw new TypeError('AlloyClient needs an apiKey');
    this.url = baseUrl(options.url);
    this.inferenceUrl = options.inferenceUrl ? baseUrl(options.inferenceUrl) : null;
    this.headers = {
      authorization: `Bearer ${options.apiKey}`,
      ...(options.organization ? { 'x-alloy-organization': options.organization } : {}),
    };
    const userFetch = options.fetch ?? globalThis.fetch;
    this.fetcher = (input, init) => userFetch(input, init);
    const clientFetch = (request: Request): Promise<Response> => userFetch(request);
    this.api = createClient<ControlPlanePaths>({
      baseUrl: this.url,
      headers: this.headers,
      fetch: clientFetch,
    });
    this.inference = createClient<InferencePaths>({
      baseUrl: this.inferenceUrl ?? this.url,
      headers: this.headers,
      fetch: clientFetch,
    });
  }

  /** Who the key belongs to: its organisation, role and scopes. */
  whoami(): Promise<Principal> {
    return this.json<Principal>('GET', '/api/v1/auth/me');
  }

  /** The domains (finance, medical, education, ...). */
  async listDomains(): Promise<Domain[]> {
    return (await this.json<{ items: Domain[] }>('GET', '/api/v1/domains')).items;
  }

  /** A page of models, newest first unless `order` says otherwise. */
  listModels(options: PageOptions & { domain?: string } = {}): Promise<Page<Model>> {
    return this.json('GET', '/api/v1/models', { query: options });
  }

  /** A page of a model's versions. */
  listModelVersions(model: string, options: PageOptions = {}): Promise<Page<ModelVersion>> {
    return this.json('GET', `/api/v1/models/${encodeURIComponent(model)}/versions`, {
      query: options,
    });
  }

  /** A page of datasets. */
  listDatasets(
    options: PageOptions & { domain?: string; kind?: string } = {},
  ): Promise<Page<Dataset>> {
    return this.json('GET', '/api/v1/datasets', { query: options });
  }

  /** One version of a dataset with its status, progress and (once ready) its report. */
  getDatasetVersion(name: string, version: number): Promise<DatasetVersion> {
    return this.json('GET', `/api/v1/datasets/${encodeURIComponent(name)}/versions/${version}`);
  }

  /** A page of jobs. */
  listJobs(options: PageOptions & { model?: string; status?: string } = {}): Promise<Page<Job>> {
    return this.json('GET', '/api/v1/jobs', { query: options });
  }

  /** One job with its status history. */
  getJob(id: string): Promise<Job> {
    return this.json('GET', `/api/v1/jobs/${encodeURIComponent(id)}`);
  }

  /** Queues a training or evaluation job. */
  createJob(spec: CreateJobInput): Promise<Job> {
    return this.json('POST', '/api/v1/jobs', { body: spec });
  }

  /** The deployments, optionally of one model. */
  async listDeployments(options: { model?: string } = {}): Promise<Deployment[]> {
    return (
      await this.json<{ items: Deployment[] }>('GET', '/api/v1/deployments', { query: options })
    ).items;
  }

  /** Serves a model: a deployment with traffic weights over its versions. */
  deploy(input: CreateDeploymentInput): Promise<Deployment> {
    return this.json('POST', '/api/v1/deployments', { body: input });
  }

  /** Sends all of a deployment's traffic to one version (and moves an alias to it if given). */
  promote(deployment: string, input: PromoteInput): Promise<Deployment> {
    return this.json('POST', `/api/v1/deployments/${encodeURIComponent(deployment)}/promote`, {
      body: input,
    });
  }

  /** The plugins installed, with whether this organisation has each enabled. */
  async listPlugins(): Promise<Plugin[]> {
    return (await this.json<{ items: Plugin[] }>('GET', '/api/v1/plugins')).items;
  }

  /**
   * Installs a plugin package (a tarball made by `alloy-plugin pack`) for the organisation, with its
   * base64 ed25519 signature when the installation only takes signed plugins.
   */
  async installPlugin(tarball: Uint8Array, options: { signature?: string } = {}): Promise<Plugin> {
    const response = await this.fetcher(`${this.url}/api/v1/plugins`, {
      method: 'POST',
      headers: {
        ...this.headers,
        'content-type': 'application/gzip',
        ...(options.signature ? { 'x-alloy-signature': options.signature.trim() } : {}),
      },
      body: tarball,
    });
    if (!response.ok) throw await errorFromResponse(response);
    return (await response.json()) as Plugin;
  }

  /** Enables a plugin for the organisation, a domain or a model, or changes its configuration there. */
  enablePlugin(pluginId: string, enablement: PluginEnablementInput): Promise<PluginEnablement> {
    return this.json<PluginEnablement>(
      'PUT',
      `/api/v1/plugins/${encodeURIComponent(pluginId)}/enablements`,
      { body: enablement },
    );
  }

  /** Disables a plugin where one enablement put it. */
  async disablePlugin(pluginId: string, enablementId: string): Promise<void> {
    await this.json<null>(
      'DELETE',
      `/api/v1/plugins/${encodeURIComponent(pluginId)}/enablements/${encodeURIComponent(enablementId)}`,
    );
  }

  /**
   * Uploads a file as a new version of a dataset (creating the dataset when `kind` and `domain`
   * are given and it does not exist) and returns the version, queued for ingestion. The body is
   * streamed; `onProgress` hears of every chunk sent.
   */
  async uploadDataset(
    source: UploadSource,
    fields: UploadDatasetFields,
    onProgress?: (progress: UploadProgress) => void,
  ): Promise<DatasetVersion> {
    if (fields.kind && fields.domain) {
      try {
        await this.json('POST', '/api/v1/datasets', {
          body: {
            name: fields.name,
            kind: fields.kind,
            domain: fields.domain,
            ...(fields.description ? { description: fields.description } : {}),
          },
        });
      } catch (error) {
        if (!(error instanceof AlloyConflictError)) throw error;
      }
    }
    const totalBytes = await sizeOf(source);
    const fileName =
      fields.fileName ?? (typeof source === 'string' ? path.basename(source) : undefined);
    let bytesSent = 0;
    const chunks = bytesOf(source);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) return controller.close();
        bytesSent += next.value.byteLength;
        controller.enqueue(next.value);
        onProgress?.({ bytesSent, totalBytes });
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    const query = new URLSearchParams();
    if (fileName) query.set('fileName', fileName);
    if (fields.format) query.set('format', fields.format);
    if (fields.baseModel) query.set('baseModel', fields.baseModel);
    const suffix = query.size ? `?${query.toString()}` : '';
    const response = await this.fetcher(
      `${this.url}/api/v1/datasets/${encodeURIComponent(fields.name)}/versions${suffix}`,
      {
        method: 'POST',
        headers: {
          ...this.headers,
          'content-type': 'application/octet-stream',
          ...(totalBytes !== null ? { 'content-length': String(totalBytes) } : {}),
        },
        body,
        // A streamed request body needs half duplex in Node's fetch.
        duplex: 'half',
      },
    );
    if (!response.ok) throw await errorFromResponse(response);
    return (await response.json()) as DatasetVersion;
  }

  /**
   * Polls a dataset version until its ingestion is done and returns it with its report; a failed
   * ingestion is returned too (`status: 'failed'`, `error` says why).
   */
  async waitForIngestion(
    name: string,
    version: number,
    options: WaitOptions & { onProgress?: (version: DatasetVersion) => void } = {},
  ): Promise<DatasetVersion> {
    const deadline = options.timeoutMs ? Date.now() + options.timeoutMs : Infinity;
    for (;;) {
      const current = await this.getDatasetVersion(name, version);
      options.onProgress?.(current);
      if (FINISHED_INGESTION.has(current.status)) return current;
      if (Date.now() > deadline)
        throw new Error(
          `ingestion of ${name} version ${version} not done after ${options.timeoutMs} ms`,
        );
      await sleep(options.intervalMs ?? 500, options.signal);
    }
  }

  /**
   * The events of a job as they happen (earlier ones first), ending with a `JobEnd` that carries
   * its final status. A dropped connection is resumed where it stopped.
   */
  async *watchJob(
    id: string,
    options: { after?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<JobEvent | JobEnd> {
    let after = options.after ?? 0;
    let failures = 0;
    for (;;) {
      const response = await this.fetcher(
        `${this.url}/api/v1/jobs/${encodeURIComponent(id)}/events/stream`,
        {
          headers: {
            ...this.headers,
            accept: 'text/event-stream',
            ...(after ? { 'last-event-id': String(after) } : {}),
          },
          signal: options.signal,
        },
      );
      if (!response.ok) throw await errorFromResponse(response);
      if (!response.body)
        throw new AlloyApiError(response.status, 'EMPTY_STREAM', 'no event stream', null);
      let progressed = false;
      try {
        for await (const message of readServerSentEvents(response.body)) {
          const data = JSON.parse(message.data) as Record<string, unknown>;
          if (message.event === 'end') {
            yield {
              type: 'end',
              status: String(data.status),
              resultVersionId: (data.resultVersionId as string | null) ?? null,
            };
            return;
          }
          const event = data as unknown as JobEvent;
          after = Number(message.id ?? event.position) || after;
          progressed = true;
          yield event;
        }
      } catch (error) {
        if (options.signal?.aborted || !(error instanceof TypeError)) throw error;
      }
      failures = progressed ? 0 : failures + 1;
      if (failures >= MAX_RECONNECTS)
        throw new AlloyApiError(0, 'STREAM_LOST', `lost the event stream of job ${id}`, null);
      await sleep(Math.min(250 * 2 ** failures, 5000), options.signal);
    }
  }

  /** A chat answer from the OpenAI-compatible endpoint: whole, or streamed as deltas. */
  chat(
    model: string,
    messages: ChatMessage[],
    options: ChatOptions & { stream: true },
  ): AsyncGenerator<ChatDelta>;
  chat(
    model: string,
    messages: ChatMessage[],
    options?: ChatOptions & { stream?: false },
  ): Promise<ChatCompletion>;
  chat(
    model: string,
    messages: ChatMessage[],
    options: ChatOptions & { stream?: boolean } = {},
  ): AsyncGenerator<ChatDelta> | Promise<ChatCompletion> {
    const { signal, stream, ...rest } = options;
    const body = { ...rest, model, messages, ...(stream ? { stream: true } : {}) };
    if (stream) return this.chatStream(body, signal);
    return this.inferenceJson<ChatCompletion>('/v1/chat/completions', body, signal);
  }

  private async *chatStream(body: object, signal?: AbortSignal): AsyncGenerator<ChatDelta> {
    const response = await this.inferencePost('/v1/chat/completions', body, signal);
    if (!response.body)
      throw new AlloyApiError(response.status, 'EMPTY_STREAM', 'no event stream', null);
    const header = response.headers.get('x-alloy-model-version');
    for await (const message of readServerSentEvents(response.body)) {
      if (message.data === '[DONE]') return;
      const chunk = JSON.parse(message.data) as {
        error?: unknown;
        choices?: {
          delta?: { content?: string | null; role?: string };
          finish_reason?: string | null;
        }[];
        usage?: ChatDelta['usage'];
        system_fingerprint?: string;
      };
      if (chunk.error) {
        // An error after the stream started: the status was already 200.
        throw toAlloyError({ status: 500, body: chunk, headers: response.headers });
      }
      const choice = chunk.choices?.[0];
      yield {
        content: choice?.delta?.content ?? '',
        ...(choice?.delta?.role ? { role: choice.delta.role } : {}),
        finishReason: choice?.finish_reason ?? null,
        // Each chunk names the version that answered; a stream's headers may not.
        modelVersion: chunk.system_fingerprint ?? header,
        ...(chunk.usage ? { usage: chunk.usage } : {}),
      };
    }
  }

  private async inferencePost(path: string, body: object, signal?: AbortSignal): Promise<Response> {
    if (!this.inferenceUrl)
      throw new TypeError('AlloyClient needs an inferenceUrl (the model server) for inference');
    const response = await this.fetcher(`${this.inferenceUrl}${path}`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  private async inferenceJson<T>(path: string, body: object, signal?: AbortSignal): Promise<T> {
    return (await (await this.inferencePost(path, body, signal)).json()) as T;
  }

  /** A control-plane call that answers JSON, or throws the answer's typed error. */
  private async json<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    route: string,
    request: { query?: object; body?: unknown } = {},
  ): Promise<T> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) query.set(key, String(value as string | number));
    const response = await this.fetcher(
      `${this.url}${route}${query.size ? `?${query.toString()}` : ''}`,
      {
        method,
        headers: {
          ...this.headers,
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
      },
    );
    if (!response.ok) throw await errorFromResponse(response);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }
}
