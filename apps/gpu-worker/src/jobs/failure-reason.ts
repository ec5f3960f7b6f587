import { redactFilesystemPaths } from '@alloy/runtime';
import type { TrainerExit } from '../trainer/trainer.launcher';

/** Longest failure reason sent to the control plane. */
export const REASON_MAX = 4000;

/**
 * Why a trainer run failed, as the control plane shows it to API callers: the trainer's own
 * reason and how it exited. Its stderr stays in the worker's log (tracebacks name files on this
 * host), and no reason carries a filesystem path of this host.
 */
export function trainerFailureReason(exit: TrainerExit, own: string | undefined): string {
  const how = exit.signal
    ? `was killed by ${exit.signal}`
    : exit.code === null
      ? `could not be started${exit.startError ? `: ${exit.startError}` : ''}`
      : `exited with code ${exit.code}`;
  return publicReason(own ? `${own} (trainer ${how})` : `the trainer ${how}`);
}

/** A failure reason fit to leave this host: no filesystem paths, bounded length. */
export function publicReason(reason: string): string {
  return redactFilesystemPaths(reason).slice(0, REASON_MAX);
}
