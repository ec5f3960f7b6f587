import type { Role } from '@alloy/identity/policy';
import type { Session } from '../auth/session-provider';
import { can, type Me } from '../auth/permissions';

/**
 * A signed-in session for component tests, deciding what is offered by the real policy table;
 * tests install it with `vi.mock('../../auth/session-provider', ...)`.
 */
export function fakeSession(role: Role, options: { platform?: boolean } = {}): Session {
  const me: Me = {
    kind: 'user',
    id: 'u-1',
    name: `user:${role}@alloy.test`,
    organizationId: 'org-1',
    actingOrganizationId: 'org-1',
    platform: options.platform ?? false,
    role,
  };
  return {
    me,
    loading: false,
    signIn: async () => undefined,
    signOut: async () => undefined,
    can: (resource, action) => can(me, resource, action),
    organization: null,
    setOrganization: () => undefined,
  };
}

/** An answer other than 200 for {@link fakeFetch}: an error body in the control plane's shape. */
export class FakeProblem {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly details: unknown[] = [],
  ) {}
}

/** A fetch answering JSON by method and path; anything else is a 404 the test would notice. */
export function fakeFetch(
  routes: Record<string, unknown>,
): typeof fetch & { calls: { method: string; url: string; body: unknown }[] } {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : init?.body;
    calls.push({ method, url, body });
    const path = url.split('?')[0];
    const answer = routes[`${method} ${url}`] ?? routes[`${method} ${path}`];
    if (answer === undefined) {
      return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: url } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    }
    // A function answers from the request body (a created resource, say).
    const value: unknown =
      typeof answer === 'function' ? (answer as (b: unknown) => unknown)(body) : answer;
    if (value instanceof FakeProblem) {
      const { status, code, message, details } = value;
      return new Response(JSON.stringify({ error: { code, message, details } }), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    }
    return new Response(JSON.stringify(value), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return Object.assign(impl, { calls });
}
