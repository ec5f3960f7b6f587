import type { WorkerAssignment, WorkerRegistration } from '@alloy/contracts';
import type { Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { GpuInventoryService } from '../gpu/gpu-inventory.service';
import { type ControlPlaneClient, ControlPlaneHttpError } from './control-plane.client';
import { REGISTRATION_REFUSED_NAMESPACE, WorkerPresenceService } from './worker-presence.service';

interface Line {
  level: string;
  fields: Record<string, unknown>;
  msg: string;
}

function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg = '') =>
      lines.push({ level, fields, msg });
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
  } as unknown as Logger;
}

const refusal = {
  error: {
    code: 'REDIS_NAMESPACE_MISMATCH',
    message:
      'redisNamespace: this worker uses Redis namespace "staging" but this control plane uses "prod"',
    details: null,
  },
};
const refused = () => Promise.reject(new ControlPlaneHttpError(409, JSON.stringify(refusal)));
const gpus = {
  refresh: () => Promise.resolve([]),
  list: () => [],
} as unknown as GpuInventoryService;

describe('WorkerPresenceService', () => {
  it('says at error level that the control plane refused its Redis namespace, naming both', async () => {
    const client = {
      register: vi.fn(refused),
      heartbeat: vi.fn(),
    } as unknown as ControlPlaneClient;
    const lines: Line[] = [];
    const onAssignment = vi.fn<(a: WorkerAssignment) => void>();
    const presence = new WorkerPresenceService(
      client,
      gpus,
      () => ({ redisNamespace: 'staging' }) as WorkerRegistration,
      () => [],
      onAssignment,
      'w-1',
      recordingLogger(lines),
      { retryMinMs: 1, retryMaxMs: 1 },
    );
    presence.start();
    await vi.waitFor(() =>
      expect(lines.filter((l) => l.level === 'error').length).toBeGreaterThanOrEqual(2),
    );
    await presence.stop();

    const errors = lines.filter((l) => l.level === 'error');
    expect(errors[0].msg).toBe(REGISTRATION_REFUSED_NAMESPACE);
    expect(errors[0].fields.reason).toMatch(/"staging".*"prod"/);
    // It keeps asking (the control plane may be the one misconfigured) but never takes a queue.
    expect(onAssignment).not.toHaveBeenCalled();
    expect(client.heartbeat).not.toHaveBeenCalled();
  });

  it('registers again when a heartbeat is refused for its namespace, and says why', async () => {
    const assignment = {
      workerId: 'w-1',
      queue: 'alloy-training-w-1',
      cordoned: false,
      draining: false,
    };
    const client = {
      register: vi.fn().mockResolvedValueOnce(assignment).mockImplementation(refused),
      heartbeat: vi.fn(refused),
    } as unknown as ControlPlaneClient;
    const lines: Line[] = [];
    const presence = new WorkerPresenceService(
      client,
      gpus,
      () => ({ redisNamespace: 'staging' }) as WorkerRegistration,
      () => [],
      () => undefined,
      'w-1',
      recordingLogger(lines),
      { retryMinMs: 1, retryMaxMs: 1, heartbeatIntervalMs: 1 },
    );
    presence.start();
    // registered, heartbeat refused, registration tried again (and refused from then on)
    await vi.waitFor(() =>
      expect(vi.mocked(client.register).mock.calls.length).toBeGreaterThanOrEqual(2),
    );
    await vi.waitFor(() =>
      expect(lines.some((l) => l.msg === REGISTRATION_REFUSED_NAMESPACE)).toBe(true),
    );
    await presence.stop();
    expect(client.heartbeat).toHaveBeenCalledWith({
      gpus: [],
      runningJobIds: [],
      redisNamespace: 'staging',
    });
  });
});
