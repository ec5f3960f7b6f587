import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type {
  TrainingJobData,
  WorkerAssignment,
  WorkerHeartbeat,
  WorkerRegistration,
} from '@alloy/contracts';
import { workerQueueName } from '@alloy/contracts';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  WorkerProcess,
  createStore,
  credentialFor,
  enqueue,
  openQueue,
  trainingJob,
  uniqueId,
  waitFor,
} from './worker-harness';

const redisUrl = inject('redisUrl');
const redisNamespace = inject('redisNamespace');

interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** A stand-in for the control plane's workers API that records calls and answers as told. */
class FakeControlPlane {
  readonly calls: Call[] = [];
  state = { cordoned: false, draining: false, forget: false };
  private server: Server | null = null;

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const call = {
          method: req.method ?? '',
          url: req.url ?? '',
          body: JSON.parse(text || 'null'),
        };
        const id = /^\/api\/v1\/workers\/([^/]+)/.exec(call.url)?.[1] ?? '';
        if (call.url.endsWith('/credentials')) {
          res.writeHead(201, { 'content-type': 'application/json' }).end(credentialFor(id));
          return;
        }
        this.calls.push(call);
        if (this.state.forget && call.method === 'POST') {
          this.state.forget = false;
          res
            .writeHead(404, { 'content-type': 'application/json' })
            .end('{"message":"unknown worker"}');
          return;
        }
        const answer: WorkerAssignment = {
          workerId: id,
          queue: workerQueueName(id),
          cordoned: this.state.cordoned,
          draining: this.state.draining,
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  heartbeats(): WorkerHeartbeat[] {
    return this.calls.filter((c) => c.method === 'POST').map((c) => c.body as WorkerHeartbeat);
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('gpu-worker and the control plane (registration, heartbeats, cordon, drain)', () => {
  const workerId = uniqueId('it-presence');
  const controlPlane = new FakeControlPlane();
  let worker: WorkerProcess;
  let queue: Queue<TrainingJobData>;
  let storeRoot: string;
  let storeDir: string;

  beforeAll(async () => {
    const store = await createStore();
    storeRoot = store.root;
    storeDir = store.dir;
    controlPlane.state.cordoned = true;
    worker = new WorkerProcess({
      WORKER_ID: workerId,
      CONTROL_PLANE_URL: await controlPlane.listen(),
      REDIS_URL: redisUrl,
      REDIS_NAMESPACE: redisNamespace,
      ARTIFACT_ROOT: store.root,
      WORK_DIR: store.workDir,
      WORKER_LABELS: 'zone=test,tier=cpu',
      HEARTBEAT_INTERVAL_MS: '300',
    });
    queue = openQueue(redisUrl, redisNamespace, workerId);
  });

  afterAll(async () => {
    await worker.stop('SIGKILL');
    await queue.obliterate({ force: true });
    await queue.close();
    await controlPlane.close();
    await rm(storeDir, { recursive: true, force: true });
  });

  it('registers with its inventory and labels, then heartbeats', async () => {
    await worker.waitForLog('registered');
    const put = controlPlane.calls[0];
    expect(put.method).toBe('PUT');
    expect(put.url).toBe(`/api/v1/workers/${workerId}`);
    const registration = put.body as WorkerRegistration;
    expect(registration).toMatchObject({
      gpus: [],
      labels: { zone: 'test', tier: 'cpu' },
      maxConcurrentJobs: 1,
      protocolVersion: 1,
      specVersions: [1],
      redisNamespace,
    });
    expect(typeof registration.host).toBe('string');
    await waitFor(() => (controlPlane.heartbeats().length >= 2 ? true : undefined), 10_000);
    expect(controlPlane.calls.filter((c) => c.method === 'POST')[0].url).toBe(
      `/api/v1/workers/${workerId}/heartbeat`,
    );
    expect(controlPlane.heartbeats()[0]).toEqual({ gpus: [], runningJobIds: [], redisNamespace });
  });

  it('takes no job while cordoned, runs it once uncordoned and reports it in heartbeats', async () => {
    const jobId = uniqueId('job-cordon');
    await enqueue(queue, await trainingJob(storeRoot, jobId, { maxSteps: 6 }));
    const seen = controlPlane.heartbeats().length;
    await waitFor(() => (controlPlane.heartbeats().length >= seen + 4 ? true : undefined), 10_000);
    expect(await queue.getJobState(jobId)).toMatch(/^(waiting|delayed)$/);
    expect(controlPlane.heartbeats().every((h) => h.runningJobIds.length === 0)).toBe(true);

    controlPlane.state.cordoned = false;
    await waitFor(
      () =>
        controlPlane.heartbeats().some((h) => h.runningJobIds.includes(jobId)) ? true : undefined,
      30_000,
    );
    await waitFor(
      async () => ((await queue.getJobState(jobId)) === 'completed' ? true : undefined),
      90_000,
    );
  });

  it('registers again when the control plane has forgotten it', async () => {
    const puts = () => controlPlane.calls.filter((c) => c.method === 'PUT').length;
    controlPlane.state.forget = true;
    await waitFor(() => (puts() === 2 ? true : undefined), 10_000);
  });

  it('exits when drained and idle', async () => {
    controlPlane.state.draining = true;
    const code = await waitFor(
      () => (worker.child.exitCode === null ? undefined : worker.child.exitCode),
      20_000,
    );
    expect(code).toBe(0);
    expect(worker.output).toContain('"msg":"stopped"');
  });
});
