import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';

/**
 * CORS_ORIGINS: comma-separated exact origins (`https://console.example.com`), none by default.
 * An entry with a path, a trailing slash or a wildcard is refused: browsers send the bare origin
 * and CORS compares it exactly.
 */
export const corsOriginsSchema = z
  .string()
  .transform((value, ctx) => {
    const origins = value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    for (const origin of origins) {
      if (!isExactOrigin(origin)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${origin}" is not an origin like https://app.example.com (scheme, host, optional port; no path)`,
        });
        return z.NEVER;
      }
    }
    return origins;
  })
  .default([]);

function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** CORS for the configured origins, or null: without any, no CORS header is ever sent. */
export function corsOptions(origins: readonly string[]): CorsOptions | null {
  if (origins.length === 0) return null;
  return {
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // API keys travel in Authorization, never in cookies.
    credentials: false,
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The content types a browser sends cross-site without asking first (no CORS preflight). */
const SIMPLE_CONTENT_TYPES = new Set([
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
]);

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Why a request must be refused as a cross-site one, or null. A browser sends a form post or a
 * no-cors fetch to any site without a preflight, so CORS alone does not stop it; such a request
 * has a simple content type (or none: a no-cors fetch drops any other) and carries Sec-Fetch-Site
 * or Origin. CLI and server clients send neither and pass; so do JSON and octet-stream requests,
 * which a browser only sends cross-site after a preflight the CORS configuration answers.
 */
export function crossSiteRefusal(
  req: { method: string; headers: Headers },
  allowedOrigins: readonly string[],
): string | null {
  if (!STATE_CHANGING.has(req.method.toUpperCase())) return null;
  const contentType = header(req.headers, 'content-type')?.split(';')[0].trim().toLowerCase();
  if (contentType && !SIMPLE_CONTENT_TYPES.has(contentType)) return null;
  const origin = header(req.headers, 'origin');
  if (origin && allowedOrigins.includes(origin)) return null;
  const fetchSite = header(req.headers, 'sec-fetch-site');
  // Set by the browser itself (a page cannot forge it), so it outranks the Host comparison below.
  if (fetchSite === 'same-origin' || fetchSite === 'none') return null;
  if (fetchSite === 'cross-site' || fetchSite === 'same-site')
    return `a ${fetchSite} ${req.method} from ${origin ?? 'another site'} is refused`;
  if (origin === undefined) return null;
  if (!sameHost(origin, header(req.headers, 'host')))
    return `a ${req.method} from origin ${origin} is refused`;
  return null;
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything unparsable
  }
}

/**
 * Middleware refusing cross-site state-changing requests a browser sends without a preflight.
 * `refusal` builds the app's own 403 error, which its exception filter writes as every other.
 */
export function refuseCrossSiteRequests(
  allowedOrigins: readonly string[],
  refusal: (reason: string) => Error,
): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const reason = crossSiteRefusal(req, allowedOrigins);
    next(reason === null ? undefined : refusal(reason));
  };
}
