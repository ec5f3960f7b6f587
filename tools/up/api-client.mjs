// The calls `npm run up` makes to the apps it started, with the admin API key, as any client would.

/**
 * A caller of one API root. JSON bodies are sent as JSON, buffers as they are; 404 comes back as a
 * status (callers ask "does it exist?"), any other failure throws with the API's message, and so
 * does each status named in `fail` that the caller does not handle.
 */
export function apiClient(api, token) {
  const authorization = token ? { authorization: `Bearer ${token}` } : {};
  return async function call(
    method,
    route,
    body,
    headers = { 'content-type': 'application/json' },
    { allow = [404] } = {},
  ) {
    const response = await fetch(`${api}${route}`, {
      method,
      headers: { ...headers, ...authorization },
      body:
        body === undefined || typeof body !== 'object' || Buffer.isBuffer(body)
          ? body
          : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { text };
    }
    if (!response.ok && !allow.includes(response.status)) {
      const error = new Error(
        `${method} ${route}: ${response.status} ${json?.error?.message ?? text}`,
      );
      error.status = response.status;
      error.body = json;
      throw error;
    }
    return { status: response.status, body: json };
  };
}
