/**
 * Text shown to API callers (error bodies, job failure reasons) never names a place on a server's
 * disk: absolute filesystem paths and file:// URLs become "…/<last part>", which still says which
 * file was at fault. Request paths of the APIs themselves (/api/..., /v1/...) are left as they are.
 */

const API_ROOTS = new Set(['api', 'v1', 'docs', 'console', 'metrics', 'healthz', 'readyz']);

const FILE_URL = /file:\/\/[^\s'"`)\]},;]*/g;
// "/" that starts a path: at the start, or after a space, quote, bracket, "=", ":" or ","; never
// "//" (the host part of a URL)
const ABSOLUTE_PATH = /(^|[\s'"`([{=:,])(\/(?!\/)[^\s'"`)\]},;:]*)/g;

function lastPart(p: string): string {
  const name = p.replace(/\/+$/, '').split('/').pop();
  return name ? `…/${name}` : '…';
}

function isApiPath(p: string): boolean {
  return p === '/' || API_ROOTS.has(p.split('/')[1] ?? '');
}

export function redactFilesystemPaths(text: string): string {
  return text
    .replace(FILE_URL, (url) => lastPart(url.slice('file://'.length)))
    .replace(ABSOLUTE_PATH, (match, lead: string, p: string) =>
      isApiPath(p) ? match : `${lead}${lastPart(p)}`,
    );
}
