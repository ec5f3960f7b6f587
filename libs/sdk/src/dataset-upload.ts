import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AlloyConflictError, errorFromResponse } from './alloy-errors';
import { type ClientTransport, controlPlaneJson, sleep } from './client-transport';
import type { DatasetVersion } from './resource.types';

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

/** `AlloyClient.uploadDataset`: creates the dataset when asked to, then streams the file. */
export async function uploadDatasetFile(
  transport: ClientTransport,
  source: UploadSource,
  fields: UploadDatasetFields,
  onProgress?: (progress: UploadProgress) => void,
): Promise<DatasetVersion> {
  if (fields.kind && fields.domain) {
    try {
      await controlPlaneJson(transport, 'POST', '/api/v1/datasets', {
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
  const response = await transport.fetcher(
    `${transport.url}/api/v1/datasets/${encodeURIComponent(fields.name)}/versions${suffix}`,
    {
      method: 'POST',
      headers: {
        ...transport.headers,
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

/** `AlloyClient.waitForIngestion`: polls the version through `read` until ingestion is done. */
export async function pollIngestion(
  read: (name: string, version: number) => Promise<DatasetVersion>,
  name: string,
  version: number,
  options: WaitOptions & { onProgress?: (version: DatasetVersion) => void } = {},
): Promise<DatasetVersion> {
  const deadline = options.timeoutMs ? Date.now() + options.timeoutMs : Infinity;
  for (;;) {
    const current = await read(name, version);
    options.onProgress?.(current);
    if (FINISHED_INGESTION.has(current.status)) return current;
    if (Date.now() > deadline)
      throw new Error(
        `ingestion of ${name} version ${version} not done after ${options.timeoutMs} ms`,
      );
    await sleep(options.intervalMs ?? 500, options.signal);
  }
}
