import type { ControlPlanePaths } from '@alloy/sdk/types';
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiProblem } from './api-error';
import { sessionStore } from './session-store';

/** Adds the session and the acting organisation; a 401 ends the session (the sign-in page shows). */
const auth: Middleware = {
  onRequest({ request }) {
    const token = sessionStore.token();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    const org = sessionStore.organization();
    if (org) request.headers.set('x-alloy-organization', org);
    return request;
  },
  async onResponse({ response }) {
    if (response.status === 401 && sessionStore.token()) sessionStore.setToken(null);
    if (!response.ok) throw await ApiProblem.from(response.clone());
    return response;
  },
};

/**
 * The typed client of the control plane's REST API, generated from its OpenAPI document (the
 * same types the client SDK uses). Failed calls throw an ApiProblem.
 */
export const api = createClient<ControlPlanePaths>({
  baseUrl: '',
  // Looked up at each call, not captured at start: tests replace the global fetch.
  fetch: (request) => globalThis.fetch(request),
});
api.use(auth);

/** Headers for calls the typed client does not make (streams, uploads, the model server). */
export function authHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const token = sessionStore.token();
  if (token) headers.authorization = `Bearer ${token}`;
  const org = sessionStore.organization();
  if (org) headers['x-alloy-organization'] = org;
  return headers;
}

/** A JSON call by path, for the few the generated types do not describe; throws an ApiProblem. */
export async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: {
      ...authHeaders(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && sessionStore.token()) sessionStore.setToken(null);
  if (!response.ok) throw await ApiProblem.from(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}
