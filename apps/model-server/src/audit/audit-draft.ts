import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '@alloy/identity';
import type { GenerateRequest } from '@alloy/inference';
import { HttpException } from '@nestjs/common';
import { ServingError, toServingError } from '../common/serving-error';
import type { ModelSelector, RoutedModel } from '../serving/model-router.service';

export type AuditSurface = 'rest' | 'openai' | 'grpc';

/** What one request's `inference_audit` row holds (content is dropped later unless logged). */
export interface InferenceAuditRecord {
  organizationId: string;
  credentialId: string;
  model: string | null;
  version: number | null;
  versionId: string | null;
  surface: AuditSurface;
  stream: boolean;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number;
  statusCode: number;
  outcome: string;
  decision: string;
  prompt: string | null;
  output: string | null;
  createdAt: Date;
}

/** Statuses that mean the request was refused before any generation: by the key, limits or input. */
const REFUSALS = new Set([400, 401, 403, 413, 429]);

/**
 * The audit row of one request, filled in as the request goes (caller, route, usage, error) and
 * handed to the writer once the request is over: when the response has closed and no handler is
 * still at work (a client that goes away closes the response before its generation stops).
 * A request whose caller is never known (no valid key) has no tenant and leaves no row.
 */
export class AuditDraft {
  caller: Principal | null = null;
  stream = false;
  private readonly createdAt = new Date();
  private readonly started = performance.now();
  private model: string | null = null;
  private version: number | null = null;
  private versionId: string | null = null;
  private promptTokens: number | null = null;
  private completionTokens: number | null = null;
  private prompt: string | null = null;
  private output: string | null = null;
  private error: ServingError | null = null;
  private status: number | null = null;
  private holds = 0;
  private emitted = false;

  constructor(
    readonly surface: AuditSurface,
    private readonly emit: (record: InferenceAuditRecord) => void,
  ) {}

  asked(selector: ModelSelector): void {
    this.model = selector.model;
    this.version = selector.version ?? null;
  }

  routed(routed: RoutedModel): void {
    this.model = routed.model;
    this.version = routed.version;
    this.versionId = routed.versionId;
  }

  /** The prompt as sent: kept only if the organisation logs content (decided when written). */
  asks(request: GenerateRequest): void {
    this.prompt = request.prompt ?? JSON.stringify(request.messages ?? []);
  }

  /** What was generated (a stream cut short knows no prompt token count). */
  answered(promptTokens: number | null, completionTokens: number, text: string): void {
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.output = text;
  }

  /** The first error a request met is what it answered. */
  failed(error: unknown): void {
    this.error ??= servingErrorOf(error);
  }

  cancelled(): void {
    this.error ??= new ServingError(499, 'CANCELLED', 'the client went away');
  }

  /** A handler is at work: the row waits for it (released once). */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.flushIfOver();
    };
  }

  /** The response is over with this status (for gRPC, 200 unless an error was recorded). */
  close(status: number): void {
    this.status ??= status;
    this.flushIfOver();
  }

  private flushIfOver(): void {
    if (this.emitted || this.status === null || this.holds > 0) return;
    this.emitted = true;
    if (!this.caller) return;
    // A stream that failed after its 200 was sent answered that error in the stream.
    const statusCode = this.error?.status ?? this.status;
    const outcome = this.error?.code ?? (statusCode < 400 ? 'ok' : `HTTP_${statusCode}`);
    this.emit({
      organizationId: this.caller.organizationId,
      credentialId: this.caller.credentialId,
      model: storable(this.model?.slice(0, 128) ?? null),
      version: this.version,
      versionId: this.versionId,
      surface: this.surface,
      stream: this.stream,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      latencyMs: Math.round(performance.now() - this.started),
      statusCode,
      outcome: outcome.slice(0, 64),
      decision: REFUSALS.has(statusCode) ? `refused:${outcome}`.slice(0, 80) : 'allowed',
      prompt: storable(this.prompt),
      output: storable(this.output),
      createdAt: this.createdAt,
    });
  }
}

/**
 * PostgreSQL text cannot hold U+0000; one such row (a model name or prompt a caller chose) would
 * fail the insert of its whole batch, so it is kept as U+FFFD.
 */
function storable(text: string | null): string | null {
  return text?.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function servingErrorOf(error: unknown): ServingError {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return new ServingError(status, status === 404 ? 'NOT_FOUND' : 'HTTP_ERROR', error.message);
  }
  return toServingError(error);
}

/** The audit draft of the request running, on every surface. */
export const auditStorage = new AsyncLocalStorage<AuditDraft>();

export function currentAudit(): AuditDraft | undefined {
  return auditStorage.getStore();
}
