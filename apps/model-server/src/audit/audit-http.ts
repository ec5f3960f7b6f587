import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuditDraft, AuditSurface } from './audit-draft';
import type { InferenceAuditWriter } from './inference-audit.writer';

type AuditedRequest = Request & { inferenceAudit?: AuditDraft };

/** The surface of an inference call, or null for anything else (listings, probes, metrics). */
function surfaceOf(method: string, path: string): AuditSurface | null {
  if (method !== 'POST') return null;
  if (/^\/v1\/(chat\/)?completions\/?$/.test(path)) return 'openai';
  if (/^\/v1\/models\/[^/]/.test(path)) return 'rest';
  return null;
}

/**
 * Starts the audit row of every inference call before anything else can answer it; the guard
 * names the caller, the handlers fill in the rest, and the row is handed to the writer once the
 * response has closed.
 */
export function auditInferenceRequests(writer: InferenceAuditWriter): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const surface = surfaceOf(req.method, req.path);
    if (surface) {
      const draft = writer.draft(surface);
      (req as AuditedRequest).inferenceAudit = draft;
      res.once('close', () => draft.close(res.statusCode));
    }
    next();
  };
}

/** The audit draft of an HTTP request, when it is an inference call. */
export function auditOf(req: Request): AuditDraft | undefined {
  return (req as AuditedRequest).inferenceAudit;
}
