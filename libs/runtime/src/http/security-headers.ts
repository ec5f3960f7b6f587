import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * An API answers JSON: nothing in a response may load, run or be framed. HSTS, nosniff and the
 * other helmet defaults come with it.
 */
const API_DIRECTIVES = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * What Swagger UI needs: its bundle and init script from the same origin, inline styles (it sets
 * style attributes), data: images (its CSS icons), and fetches of the spec and "try it out" to
 * the same origin. No inline or eval'd script.
 */
const HTML_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

function headers(directives: Record<string, string[]>): RequestHandler {
  // useDefaults: false drops upgrade-insecure-requests, which would send a page served over
  // plain HTTP (a dev host reached by IP) to https:// for its own scripts and styles.
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
  }) as RequestHandler;
}

/**
 * Security headers on every response (helmet). Paths under `htmlPaths` (for instance Swagger UI
 * at /docs) get a content security policy that lets their page run; everything else gets the
 * API's, which allows nothing.
 */
export function securityHeaders(
  options: {
    htmlPaths?: string[];
    /** Origins the pages may also call (the console calls the model server, another origin). */
    connectOrigins?: string[];
  } = {},
): RequestHandler {
  const api = headers(API_DIRECTIVES);
  const html = headers({
    ...HTML_DIRECTIVES,
    connectSrc: [...HTML_DIRECTIVES.connectSrc, ...(options.connectOrigins ?? [])],
  });
  const prefixes = options.htmlPaths ?? [];
  const isHtml = (path: string) =>
    prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  return (req, res, next) => (isHtml(req.path) ? html : api)(req, res, next);
}
