import createClient, { type Client } from 'openapi-fetch';
import { errorFromResponse } from './alloy-errors';
import type { ChatCompletion, ChatDelta, ChatMessage, ChatOptions } from './chat-stream';
import { chatStream } from './chat-stream';
import { baseUrl, type ClientTransport, controlPlaneJson, inferenceJson } from './client-transport';
import type {
  UploadDatasetFields,
  UploadProgress,
  UploadSource,
  WaitOptions,
} from './dataset-upload';
import { pollIngestion, uploadDatasetFile } from './dataset-upload';
import { type GgufDownload, type GgufType, openGgufExport } from './model-export';
import type { paths as ControlPlanePaths } from './generated/control-plane';
import type { paths as InferencePaths } from './generated/model-server';
import { watchJobEvents } from './job-watch';
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
  VersionEvaluation,
  Page,
  PageOptions,
  Plugin,
  PluginEnablement,
  PluginEnablementInput,
  Principal,
  PromoteInput,
} from './resource.types';

export type { ChatCompletion, ChatDelta, ChatMessage, ChatOptions } from './chat-stream';
export type {
  UploadDatasetFields,
  UploadProgress,
  UploadSource,
  WaitOptions,
} from './dataset-upload';

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

/**
 * The Alloy client: typed access to every path of the control plane (`.api`) and of the model
 * server (`.inference`), and the calls partners make most as methods that throw `AlloyApiError`s.
 */
export class AlloyClient {
  /** Every control-plane path, typed from its OpenAPI document (openapi-fetch: `{data, error}`). */
  readonly api: Client<ControlPlanePaths>;
  /** Every model-server path, typed from its OpenAPI document. */
  readonly inference: Client<InferencePaths>;

  private readonly transport: ClientTransport;

  constructor(options: AlloyClientOptions) {
    if (!options.url) throw new TypeError('AlloyClient needs a url');
    if (!options.apiKey) throw new TypeError('AlloyClient needs an apiKey');
    const url = baseUrl(options.url);
    const inferenceUrl = options.inferenceUrl ? baseUrl(options.inferenceUrl) : null;
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.apiKey}`,
      ...(options.organization ? { 'x-alloy-organization': options.organization } : {}),
    };
    const userFetch = options.fetch ?? globalThis.fetch;
    this.transport = {
      url,
      inferenceUrl,
      headers,
      fetcher: (input, init) => userFetch(input, init),
    };
    const clientFetch = (request: Request): Promise<Response> => userFetch(request);
    this.api = createClient<ControlPlanePaths>({
      baseUrl: url,
      headers,
      fetch: clientFetch,
    });
    this.inference = createClient<InferencePaths>({
      baseUrl: inferenceUrl ?? url,
      headers,
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

  /** A version's evaluation against its parent and base model, and its promotion gate. */
  getVersionEvaluation(model: string, version: number): Promise<VersionEvaluation> {
    return this.json(
      'GET',
      `/api/v1/models/${encodeURIComponent(model)}/versions/${version}/evaluation`,
    );
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
    const response = await this.transport.fetcher(`${this.transport.url}/api/v1/plugins`, {
      method: 'POST',
      headers: {
        ...this.transport.headers,
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
  uploadDataset(
    source: UploadSource,
    fields: UploadDatasetFields,
    onProgress?: (progress: UploadProgress) => void,
  ): Promise<DatasetVersion> {
    return uploadDatasetFile(this.transport, source, fields, onProgress);
  }

  /**
   * Polls a dataset version until its ingestion is done and returns it with its report; a failed
   * ingestion is returned too (`status: 'failed'`, `error` says why).
   */
  waitForIngestion(
    name: string,
    version: number,
    options: WaitOptions & { onProgress?: (version: DatasetVersion) => void } = {},
  ): Promise<DatasetVersion> {
    return pollIngestion((n, v) => this.getDatasetVersion(n, v), name, version, options);
  }

  /**
   * The events of a job as they happen (earlier ones first), ending with a `JobEnd` that carries
   * its final status. A dropped connection is resumed where it stopped.
   */
  watchJob(
    id: string,
    options: { after?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<JobEvent | JobEnd> {
    return watchJobEvents(this.transport, id, options);
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
    if (stream) return chatStream(this.transport, body, signal);
    return inferenceJson<ChatCompletion>(this.transport, '/v1/chat/completions', body, signal);
  }

  /**
   * A version as one GGUF file for llama.cpp and Ollama (a LoRA version: its merged model). The
   * answer's body streams as the server converts; `bytes` is the whole file's size.
   */
  exportGguf(
    model: string,
    version: number,
    options: { type?: GgufType; signal?: AbortSignal } = {},
  ): Promise<GgufDownload> {
    return openGgufExport(this.transport, model, version, options);
  }

  /** A control-plane call that answers JSON, or throws the answer's typed error. */
  private json<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    route: string,
    request: { query?: object; body?: unknown } = {},
  ): Promise<T> {
    return controlPlaneJson<T>(this.transport, method, route, request);
  }
}
