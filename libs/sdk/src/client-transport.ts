import { errorFromResponse } from './alloy-errors';

/** Where the client's calls go and how: what `AlloyClient` shares with the modules it delegates to. */
export interface ClientTransport {
  /** The control plane, without a trailing slash or `/api/v1`. */
  readonly url: string;
  /** The model server, when the client was given one. */
  readonly inferenceUrl: string | null;
  /** Authorization and organisation headers, sent with every call. */
  readonly headers: Record<string, string>;
  readonly fetcher: typeof fetch;
}

export function baseUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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

/** A control-plane call that answers JSON, or throws the answer's typed error. */
export async function controlPlaneJson<T>(
  transport: ClientTransport,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  route: string,
  request: { query?: object; body?: unknown } = {},
): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {}))
    if (value !== undefined) query.set(key, String(value as string | number));
  const response = await transport.fetcher(
    `${transport.url}${route}${query.size ? `?${query.toString()}` : ''}`,
    {
      method,
      headers: {
        ...transport.headers,
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
    },
  );
  if (!response.ok) throw await errorFromResponse(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** A JSON POST to the model server; the response, once its status says it succeeded. */
export async function inferencePost(
  transport: ClientTransport,
  path: string,
  body: object,
  signal?: AbortSignal,
): Promise<Response> {
  if (!transport.inferenceUrl)
    throw new TypeError('AlloyClient needs an inferenceUrl (the model server) for inference');
  const response = await transport.fetcher(`${transport.inferenceUrl}${path}`, {
    method: 'POST',
    headers: { ...transport.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

/** A JSON POST to the model server that answers JSON. */
export async function inferenceJson<T>(
  transport: ClientTransport,
  path: string,
  body: object,
  signal?: AbortSignal,
): Promise<T> {
  return (await (await inferencePost(transport, path, body, signal)).json()) as T;
}
