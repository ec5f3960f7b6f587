import type { WorkerAssignment, WorkerHeartbeat, WorkerRegistration } from '@alloy/contracts';

/** The control plane answered, but not with success (a 404 means it does not know this worker). */
export class ControlPlaneHttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`control plane answered ${status}: ${body.slice(0, 300)}`);
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
