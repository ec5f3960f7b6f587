import path from 'node:path';
import type { CompletedEvent, FailedEvent, JobEvent } from '@alloy/contracts';
import type { Logger } from 'pino';
import type { JobEventRun } from '../events/job-event.publisher';
import { parseTrainerLine } from '../events/trainer-line.parser';
import type { TrainerProcess } from '../trainer/trainer.launcher';
import type { CheckpointUploader } from './checkpoint.uploader';
import type { PreparedWorkspace } from './job-workspace.service';

export interface FollowResult {
  /** The trainer's completed event, not yet published (the output is not stored yet). */
  completed?: CompletedEvent;
  /** The trainer's own failed event, not published (the worker publishes one at the end). */
  failed?: FailedEvent;
  /** Step of the newest checkpoint now in the store. */
  storedStep: number | null;
}

/**
 * Reads the trainer's stdout in order: forwards its events, stores each checkpoint before
 * announcing it (by its store key), and holds back the events that end the run.
 */
export async function followTrainer(
  trainer: TrainerProcess,
  prepared: PreparedWorkspace,
  events: JobEventRun,
  checkpoints: Pick<CheckpointUploader, 'upload'>,
  log: Logger,
): Promise<FollowResult> {
  const result: FollowResult = { storedStep: prepared.restoredStep };
  for await (const line of trainer.lines()) {
    const parsed = parseTrainerLine(line);
    if (!parsed) continue;
    if ('error' in parsed) {
      log.warn({ line: line.slice(0, 500), problem: parsed.error }, 'trainer stdout line skipped');
      continue;
    }
    const event: JobEvent = parsed.event;
    switch (event.type) {
      case 'completed':
        result.completed = event;
        break;
      case 'failed':
        result.failed = event;
        break;
      case 'checkpoint': {
        const { key, local } = prepared.plan.checkpoints;
        const stepDir = path.resolve(prepared.dir, event.path);
        const jobId = prepared.plan.spec.jobId;
        if (!(await checkpoints.upload(jobId, key, path.join(prepared.dir, local), stepDir))) {
          log.warn({ step: event.step }, 'checkpoint pruned before it was stored; skipped');
          break;
        }
        result.storedStep = event.step;
        await events.publish({ ...event, path: `${key}/${path.basename(event.path)}` });
        break;
      }
      case 'started':
      case 'metrics':
      case 'log':
        await events.publish(event);
        break;
    }
  }
  return result;
}
