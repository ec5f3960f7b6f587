/** A fetch a plugin asked for, as its sandbox sends it. */
export interface FetchRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** What goes back into the sandbox. */
export type FetchResult =
  | {
      ok: true;
      status: number;
      statusText: string;
      url: string;
      headers: [string, string][];
      body: string;
    }
  | { ok: false; refused: boolean; message: string };

export interface NetworkProxyLimits {
  /** Time allowed for the whole request, body included. */
  timeoutMs: number;
  /** Largest response body passed back, in bytes. */
  maxBytes: number;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * Whether `url` is one of the hosts a manifest declares. `host` allows that host on the scheme's
 * default port only; `host:port` that port only, so that declaring a web API does not open every
 * service on the same machine.
 */
export function isAllowedHost(url: URL, declared: readonly string[]): boolean {
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : url.port;
  const host = url.hostname.toLowerCase();
  return declared.some((entry) => {
    const e = entry.toLowerCase();
    const colon = e.lastIndexOf(':');
    const hasPort = colon > 0 && /^\d+$/.test(e.slice(colon + 1)) && !e.startsWith('[');
    if (hasPort) return e.slice(0, colon) === host && e.slice(colon + 1) === port;
    return e === host && port === DEFAULT_PORTS[url.protocol];
  });
}

/**
 * Performs a plugin's fetch for it, when the manifest declares the host. Redirects are not
 * followed (a declared host must not lead the plugin to an undeclared one); the body is read as
 * text up to the size cap.
 */
export async function proxyFetch(
  pluginId: string,
  request: FetchRequest,
  declared: readonly string[],
  limits: NetworkProxyLimits,
): Promise<FetchResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, refused: false, message: `invalid URL ${JSON.stringify(request.url)}` };
  }
  if (!(url.protocol in DEFAULT_PORTS)) {
    return {
      ok: false,
      refused: true,
      message: `plugin ${pluginId} may not fetch ${url.protocol} URLs`,
    };
  }
  if (!isAllowedHost(url, declared)) {
    return {
      ok: false,
      refused: true,
      message: `plugin ${pluginId} may not reach ${url.host}: not in its manifest's permissions.network`,
    };
  }
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
    });
    const body = await readCapped(response, limits.maxBytes);
    return {
      ok: true,
      status: response.status,
      statusText: response.statusText,
      url: url.toString(),
      headers: [...response.headers.entries()],
      body,
    };
  } catch (error) {
    const message = signal.aborted
      ? `fetch ${url.host} took longer than ${limits.timeoutMs} ms`
      : `fetch ${url.host} failed: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, refused: false, message };
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as {
      done: boolean;
      value: Uint8Array;
    };
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`response is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
