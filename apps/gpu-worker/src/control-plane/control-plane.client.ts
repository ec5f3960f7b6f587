import type { WorkerAssignment, WorkerHeartbeat, WorkerRegistration } from '@alloy/contracts';

/** The control plane answered, but not with success (a 404 means it does not know this worker). */
export class ControlPlaneHttpError extends Error {
  /** `error.code` and `error.message` of the control plane's error body, when it sent one. */
  readonly code: string | null;
  readonly reason: string | null;

  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`control plane answered ${status}: ${body.slice(0, 300)}`);
    const error = parseErrorBody(body);
    this.code = error?.code ?? null;
    this.reason = error?.message ?? null;
  }
}

function parseErrorBody(body: string): { code?: string; message?: string } | null {
  try {
    const value = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } } | null;
    const { code, message } = value?.error ?? {};
    return {
      code: typeof code === 'string' ? code : undefined,
      message: typeof message === 'string' ? message : undefined,
    };
  } catch {
    return null;
  }
}

/** The worker's side of the REST part of the worker protocol. */
export class ControlPlaneClient {
  constructor(
    private readonly baseUrl: string,
    private readonly workerId: string,
    private readonly timeoutMs = 10_000,
  ) {}

  register(registration: WorkerRegistration): Promise<WorkerAssignment> {
    return this.send('PUT', '', registration);
  }

  heartbeat(heartbeat: WorkerHeartbeat): Promise<WorkerAssignment> {
    return this.send('POST', '/heartbeat', heartbeat);
  }

  private async send(method: string, suffix: string, body: unknown): Promise<WorkerAssignment> {
    const url = `${this.baseUrl}/api/v1/workers/${encodeURIComponent(this.workerId)}${suffix}`;
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new ControlPlaneHttpError(response.status, text);
    return parseAssignment(text);
  }
}

function parseAssignment(text: string): WorkerAssignment {
  const value = JSON.parse(text) as Partial<WorkerAssignment>;
  if (typeof value.workerId !== 'string' || typeof value.queue !== 'string') {
    throw new Error(`not a worker assignment: ${text.slice(0, 300)}`);
  }
  return {
    workerId: value.workerId,
    queue: value.queue,
    cordoned: value.cordoned === true,
    draining: value.draining === true,
  };
}
