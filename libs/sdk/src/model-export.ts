import { errorFromResponse } from './alloy-errors';
import type { ClientTransport } from './client-transport';

/** The GGUF weight types the control plane exports (llama.cpp's names). */
export type GgufType = 'f32' | 'f16' | 'q8_0' | 'q4_0';

/** A GGUF export being downloaded: its file name, exact size and the bytes as they come. */
export interface GgufDownload {
  /** The name the server gives the file: `<model>-v<version>-<type>.gguf`. */
  fileName: string;
  /** From Content-Length: the server sizes the file before it sends a byte. */
  bytes: number;
  /** The file's bytes; read them to the end (or cancel) to free the connection. */
  body: ReadableStream<Uint8Array>;
}

export async function openGgufExport(
  transport: ClientTransport,
  model: string,
  version: number,
  options: { type?: GgufType; signal?: AbortSignal } = {},
): Promise<GgufDownload> {
  const query = options.type ? `?type=${encodeURIComponent(options.type)}` : '';
  const response = await transport.fetcher(
    `${transport.url}/api/v1/models/${encodeURIComponent(model)}/versions/${version}/export/gguf${query}`,
    { headers: transport.headers, signal: options.signal },
  );
  if (!response.ok || !response.body) throw await errorFromResponse(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  return {
    fileName:
      /filename="([^"/\\]+)"/.exec(disposition)?.[1] ??
      `${model}-v${version}-${options.type ?? 'f16'}.gguf`,
    bytes: Number(response.headers.get('content-length') ?? Number.NaN),
    body: response.body,
  };
}
