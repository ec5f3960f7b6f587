import type {
  WorkerAssignment,
  WorkerCredential,
  WorkerHeartbeat,
  WorkerRegistration,
} from '@alloy/contracts';

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

/**
 * The worker's side of the REST part of the worker protocol. It starts with the join token and
 * exchanges it for the worker's own credential and signing key; every later call uses that.
 */
export class ControlPlaneClient {
  private credential: WorkerCredential | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly workerId: string,
    private readonly joinToken: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Signs events and verifies queued jobs; known once `join` has succeeded. */
  get signingKey(): string {
    if (!this.credential) throw new Error('the worker has not joined yet');
    return this.credential.signingKey;
  }

  async join(): Promise<void> {
    const text = await this.send('POST', '/credentials', undefined, this.joinToken);
    const value = JSON.parse(text) as Partial<WorkerCredential>;
    if (typeof value.token !== 'string' || typeof value.signingKey !== 'string')
      throw new Error('the control plane answered the join without a credential');
    this.credential = {
      workerId: this.workerId,
      token: value.token,
      signingKey: value.signingKey,
    };
  }

  async register(registration: WorkerRegistration): Promise<WorkerAssignment> {
    return parseAssignment(await this.send('PUT', '', registration));
  }

  async heartbeat(heartbeat: WorkerHeartbeat): Promise<WorkerAssignment> {
    return parseAssignment(await this.send('POST', '/heartbeat', heartbeat));
  }

  private async send(
    method: string,
    suffix: string,
    body: unknown,
    token = this.credential?.token,
  ): Promise<string> {
    if (!token) throw new Error('the worker has not joined yet');
    const url = `${this.baseUrl}/api/v1/workers/${encodeURIComponent(this.workerId)}${suffix}`;
    const response = await fetch(url, {
      method,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new ControlPlaneHttpError(response.status, text);
    return text;
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
