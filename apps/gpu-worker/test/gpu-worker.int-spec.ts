import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { hashDirectory } from '@alloy/artifact-store';
import { redisKeys, type TrainingJobData } from '@alloy/contracts';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  EventsReader,
  WorkerProcess,
  createStore,
  joinOnlyControlPlane,
  enqueue,
  openQueue,
  trainingJob,
  uniqueId,
  waitFor,
  type StreamEvent,
} from './worker-harness';

const redisUrl = inject('redisUrl');
const redisNamespace = inject('redisNamespace');

function types(events: StreamEvent[]): string[] {
  return events.map((e) => e.event.type);
}

describe('gpu-worker (real process, Redis, BullMQ and trainer)', () => {
  let store: { dir: string; root: string; workDir: string };
  let redis: Redis;
  let reader: EventsReader;
  const queues: Queue<TrainingJobData>[] = [];
  const workers: WorkerProcess[] = [];

  async function startWorker(workerId: string): Promise<WorkerProcess> {
    const worker = new WorkerProcess({
      WORKER_ID: workerId,
      // It answers only the join: registration keeps retrying while jobs still run.
      CONTROL_PLANE_URL: controlPlane.url,
      REDIS_URL: redisUrl,
      REDIS_NAMESPACE: redisNamespace,
      ARTIFACT_ROOT: store.root,
      WORK_DIR: store.workDir,
      LOG_LEVEL: 'info',
      // Short, so a job of a killed worker comes back within seconds.
      LOCK_DURATION_MS: '4000',
      STALLED_INTERVAL_MS: '1500',
      CANCEL_GRACE_MS: '20000',
    });
    workers.push(worker);
    await worker.waitForLog('worker started');
    return worker;
  }

  function queueFor(workerId: string): Queue<TrainingJobData> {
    const queue = openQueue(redisUrl, redisNamespace, workerId);
    queues.push(queue);
    return queue;
  }

  let controlPlane: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    controlPlane = await joinOnlyControlPlane();
    store = await createStore();
    redis = new Redis(redisUrl);
    reader = new EventsReader(redis, redisNamespace);
    await reader.mark();
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    for (const queue of queues) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    await redis.quit();
    await controlPlane.close();
    await rm(store.dir, { recursive: true, force: true });
  });

  describe('one worker that cannot reach the control plane', () => {
    const workerId = uniqueId('it-worker');
    let worker: WorkerProcess;
    let queue: Queue<TrainingJobData>;

    beforeAll(async () => {
      worker = await startWorker(workerId);
      queue = queueFor(workerId);
    });

    it('refuses a queue entry the control plane did not sign, running nothing', async () => {
      const jobId = uniqueId('job-forged');
      await enqueue(queue, await trainingJob(store.root, jobId, { maxSteps: 2 }), false);
      const job = await waitFor(async () => {
        const j = await queue.getJob(jobId);
        return (await j?.isFailed()) ? j : undefined;
      }, 30_000);
      expect(job.failedReason).toMatch(/not signed by the control plane/);
      expect(job.attemptsMade).toBe(1);
      expect(await reader.events(jobId)).toEqual([]);
      expect(existsSync(path.join(store.root, 'jobs', jobId))).toBe(false);
    });

    it('runs a job and reports completed only once the output is stored, sha256s matching', async () => {
      const jobId = uniqueId('job-ok');
      await enqueue(
        queue,
        await trainingJob(store.root, jobId, { maxSteps: 4, checkpointEvery: 2 }),
      );

      const done = await reader.waitForEvent(jobId, (e) => e.event.type === 'completed');
      if (done.event.type !== 'completed') throw new Error('unreachable');
      const stored = await hashDirectory(path.join(store.root, 'jobs', jobId, 'output'));
      const byPath = new Map(stored.map((f) => [f.path, f.sha256]));
      expect(done.event.manifest.files.length).toBeGreaterThan(3);
      for (const file of done.event.manifest.files)
        expect(byPath.get(file.path), file.path).toBe(file.sha256);

      const events = (await reader.events(jobId)).filter((e) => e.runId === done.runId);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
      expect(types(events)[0]).toBe('started');
      expect(types(events).filter((t) => t === 'metrics')).toHaveLength(4);
      expect(events.every((e) => e.workerId === workerId && e.attempt === 1)).toBe(true);
      // checkpoints are announced by their store key, and they are there
      const checkpoint = events.find((e) => e.event.type === 'checkpoint')!.event as {
        path: string;
      };
      expect(checkpoint.path).toMatch(new RegExp(`^jobs/${jobId}/checkpoints/step-\\d+$`));
      expect(
        await readFile(path.join(store.root, `jobs/${jobId}/checkpoints/LATEST`), 'utf8'),
      ).toMatch(/step-/);

      const job = await waitFor(async () => {
        const j = await queue.getJob(jobId);
        // read again once completed: the job fetched before may predate its return value
        return (await j?.isCompleted()) ? await queue.getJob(jobId) : undefined;
      }, 10_000);
      expect(job.returnvalue).toMatchObject({ completed: true, outputKey: `jobs/${jobId}/output` });
      // it worked all along without the control plane
      expect(worker.output).toContain('registration failed; retrying');
      expect(worker.output).not.toContain('"msg":"registered"');
    });

    it('fails a job whose dataset does not match its sha256, without retrying it', async () => {
      const jobId = uniqueId('job-bad');
      await enqueue(queue, await trainingJob(store.root, jobId, { maxSteps: 2 }, 'f'.repeat(64)));
      const failed = await reader.waitForEvent(jobId, (e) => e.event.type === 'failed', 30_000);
      expect(failed.event).toMatchObject({ retryable: false });
      expect((failed.event as { reason: string }).reason).toMatch(/sha256 .* does not match/);
      const job = await waitFor(async () => {
        const j = await queue.getJob(jobId);
        return (await j?.isFailed()) ? j : undefined;
      }, 10_000);
      expect(job.attemptsMade).toBe(1);
      expect(types(await reader.events(jobId))).toEqual(['failed']);
    });

    it('fails a job whose output is not under jobs/<its id>/ for good, writing nothing', async () => {
      const jobId = uniqueId('job-outside');
      const data = await trainingJob(store.root, jobId, { maxSteps: 2 });
      data.spec.output = { dir: 'models/someone-else/1', checkpointDir: `jobs/${jobId}/ckpt` };
      await enqueue(queue, data);
      const failed = await reader.waitForEvent(jobId, (e) => e.event.type === 'failed', 30_000);
      expect(failed.event).toMatchObject({ retryable: false, field: 'spec.output.dir' });
      expect((failed.event as { reason: string }).reason).toContain(`is not under jobs/${jobId}/`);
      const job = await waitFor(async () => {
        const j = await queue.getJob(jobId);
        return (await j?.isFailed()) ? j : undefined;
      }, 10_000);
      expect(job.attemptsMade).toBe(1);
      expect(types(await reader.events(jobId))).toEqual(['failed']);
      expect(existsSync(path.join(store.root, 'models/someone-else'))).toBe(false);
    });

    it('fails a job the trainer refuses (exit 2) for good, naming the field', async () => {
      const jobId = uniqueId('job-refused');
      const data = await trainingJob(store.root, jobId, { maxSteps: 2 });
      // valid for the schema, but sft trains on chat records, not corpus
      data.spec.kind = 'sft';
      await enqueue(queue, data);
      const failed = await reader.waitForEvent(jobId, (e) => e.event.type === 'failed', 60_000);
      expect(failed.event).toMatchObject({ retryable: false, field: 'datasets.0.format' });
      expect((failed.event as { reason: string }).reason).toMatch(/exited with code 2/);
      const job = await waitFor(async () => {
        const j = await queue.getJob(jobId);
        return (await j?.isFailed()) ? j : undefined;
      }, 10_000);
      expect(job.attemptsMade).toBe(1);
      expect(types(await reader.events(jobId)).filter((t) => t === 'failed')).toHaveLength(1);
    });

    it('cancels a running job: cancelled with the step of the checkpoint kept in the store', async () => {
      const jobId = uniqueId('job-cancel');
      await enqueue(
        queue,
        // Far more steps than it will run: a late cancel must still find the job running.
        await trainingJob(store.root, jobId, { maxSteps: 1_000_000, checkpointEvery: 2 }),
      );
      await reader.waitForEvent(jobId, (e) => e.event.type === 'checkpoint');
      const receivers = await redis.publish(
        redisKeys(redisNamespace).controlChannel,
        JSON.stringify({ type: 'cancel', jobId }),
      );

      const cancelled = await reader
        .waitForEvent(jobId, (e) => e.event.type === 'cancelled', 60_000)
        .catch((error: Error) => {
          // Say what the worker did instead: a bare time-out tells nothing.
          throw new Error(
            `${error.message}; the cancel reached ${receivers} subscriber(s); worker log:\n${worker.output.slice(-4000)}`,
          );
        });
      const step = (cancelled.event as { step?: number }).step;
      expect(step).toBeGreaterThanOrEqual(2);
      const events = await reader.events(jobId);
      const lastCheckpoint = events.filter((e) => e.event.type === 'checkpoint').at(-1)!.event;
      expect(lastCheckpoint).toMatchObject({ step });
      expect(types(events)).not.toContain('failed');
      const latest = await readFile(
        path.join(store.root, `jobs/${jobId}/checkpoints/LATEST`),
        'utf8',
      );
      expect(latest.trim()).toBe(`step-${String(step).padStart(8, '0')}`);

      const job = await waitFor(async () => {
        const j = await queue.getJob(jobId);
        // read again once completed: the job fetched before may predate its return value
        return (await j?.isCompleted()) ? await queue.getJob(jobId) : undefined;
      }, 10_000);
      // completed normally, so BullMQ does not retry it
      expect(job.returnvalue).toEqual({ cancelled: true, step });
      expect(job.failedReason).toBeFalsy();
    });
  });

  it('resumes from the stored checkpoint after kill -9 of the worker, in a new worker process', async () => {
    const workerId = uniqueId('it-killed');
    const first = await startWorker(workerId);
    const queue = queueFor(workerId);
    const jobId = uniqueId('job-resume');
    await enqueue(
      queue,
      await trainingJob(store.root, jobId, { maxSteps: 12, checkpointEvery: 2 }),
    );

    const checkpoint = await reader.waitForEvent(
      jobId,
      (e) => e.event.type === 'checkpoint' && (e.event as { step: number }).step >= 4,
    );
    await first.stop('SIGKILL');

    await startWorker(workerId);
    const done = await reader.waitForEvent(jobId, (e) => e.event.type === 'completed');
    expect(done.runId).not.toBe(checkpoint.runId);
    const events = await reader.events(jobId);
    const resumed = events.filter((e) => e.runId === done.runId);
    const started = resumed.find((e) => e.event.type === 'started')!.event as {
      resumedFromStep?: number;
    };
    expect(started.resumedFromStep).toBeGreaterThanOrEqual(4);
    const steps = resumed
      .filter((e) => e.event.type === 'metrics')
      .map((e) => (e.event as { step: number }).step);
    expect(steps[0]).toBe(started.resumedFromStep! + 1);
    expect(steps.at(-1)).toBe(12);
    // the first run never reported failure: it was killed
    expect(types(events)).not.toContain('failed');
  });

  it('on SIGTERM checkpoints, gives the job back for retry and exits; the retry resumes', async () => {
    const workerId = uniqueId('it-stopped');
    const first = await startWorker(workerId);
    const queue = queueFor(workerId);
    const jobId = uniqueId('job-shutdown');
    await enqueue(
      queue,
      // long enough that SIGTERM finds it training: 12 steps of this tiny model end in a moment
      await trainingJob(store.root, jobId, { maxSteps: 400, checkpointEvery: 100 }),
    );
    await reader.waitForEvent(
      jobId,
      (e) => e.event.type === 'metrics' && (e.event as { step: number }).step >= 2,
    );

    expect(await first.stop('SIGTERM')).toBe(0);
    const events = await reader.events(jobId);
    const failed = events.find((e) => e.event.type === 'failed')!;
    expect(failed.event).toMatchObject({ retryable: true });
    expect((failed.event as { reason: string }).reason).toMatch(/shutting down/);
    // the trainer checkpointed on SIGTERM, and that checkpoint went to the store first
    const saved = events.filter((e) => e.event.type === 'checkpoint').at(-1)!.event as {
      step: number;
    };
    expect(saved.step).toBeGreaterThanOrEqual(2);
    expect(await queue.getJobState(jobId)).toMatch(/delayed|waiting/);

    await startWorker(workerId);
    const done = await reader.waitForEvent(jobId, (e) => e.event.type === 'completed');
    expect(done.attempt).toBe(2);
    const started = (await reader.events(jobId)).find(
      (e) => e.runId === done.runId && e.event.type === 'started',
    )!.event as { resumedFromStep?: number };
    expect(started.resumedFromStep).toBe(saved.step);
  });
});
