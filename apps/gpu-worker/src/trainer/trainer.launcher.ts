import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker-config';
import { trainerEnvironment } from './trainer-env';

// Runs `python -m alloy_trainer ...` after asking Linux to SIGKILL the trainer when the worker dies
// (PR_SET_PDEATHSIG survives exec): a worker killed with -9 must not leave a trainer writing into a
// work directory that the next attempt is about to reuse.
const BOOTSTRAP = [
  'import ctypes, os, runpy, signal, sys',
  'try:',
  '    ctypes.CDLL(None).prctl(1, signal.SIGKILL)',
  'except Exception:',
  '    pass',
  'if os.getppid() != int(os.environ.get("ALLOY_WORKER_PID", os.getppid())):',
  '    sys.exit(75)',
  'sys.argv = ["alloy_trainer"] + sys.argv[2:]',
  'runpy.run_module("alloy_trainer", run_name="__main__", alter_sys=True)',
].join('\n');

const PID_FILE = 'trainer.pid';
const STDERR_TAIL = 30;

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the trainer wrote on stderr. */
  stderrTail: string[];
  /** Why the process could not be started, when it could not. */
  startError?: string;
}

export interface LaunchOptions {
  jobId: string;
  /** The work directory: the trainer's cwd, where the spec's relative paths point. */
  cwd: string;
  specFile: string;
  /** GPU indices for CUDA_VISIBLE_DEVICES; empty on a CPU worker. */
  gpus: number[];
}

/** A running trainer: its stdout lines, its exit, and how to stop it. */
export class TrainerProcess {
  readonly exited: Promise<TrainerExit>;
  private killTimer: NodeJS.Timeout | null = null;
  private readonly stderrTail: string[] = [];

  constructor(
    private readonly child: ChildProcess,
    private readonly logger: Logger,
  ) {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_TAIL) this.stderrTail.shift();
      this.logger.info({ stream: 'trainer-stderr' }, line);
    });
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        this.stderrTail.push(`could not start the trainer: ${error.message}`);
        resolve({
          code: null,
          signal: null,
          stderrTail: this.stderrTail,
          startError: error.message,
        });
      });
      child.on('close', (code, signal) => {
        if (this.killTimer) clearTimeout(this.killTimer);
        resolve({ code, signal, stderrTail: this.stderrTail });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** stdout, line by line. */
  lines(): AsyncIterable<string> {
    return createInterface({ input: this.child.stdout!, crlfDelay: Infinity });
  }

  /**
   * SIGTERM to the trainer's process group (torchrun and its ranks included): it checkpoints and
   * exits 75. SIGKILL if it is still there after `graceMs`.
   */
  terminate(graceMs: number): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.signal('SIGTERM');
    if (!this.killTimer) {
      this.killTimer = setTimeout(() => {
        this.logger.warn({ graceMs }, 'trainer did not stop in time; SIGKILL');
        this.signal('SIGKILL');
      }, graceMs);
    }
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Starts `alloy_trainer run --spec <file>` in a job's work directory. */
export class TrainerLauncher {
  constructor(
    private readonly config: WorkerConfig['trainer'],
    private readonly logger: Logger,
  ) {}

  async launch(options: LaunchOptions): Promise<TrainerProcess> {
    const env = this.environment(options);
    const child = spawn(
      this.config.python,
      ['-c', BOOTSTRAP, 'alloy_trainer', 'run', '--spec', options.specFile],
      // A process group of its own, so a signal reaches torchrun's ranks too.
      { cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const trainer = new TrainerProcess(
      child,
      this.logger.child({ jobId: options.jobId, trainerPid: child.pid }),
    );
    if (child.pid) await writeFile(path.join(options.cwd, PID_FILE), `${child.pid}\n`);
    return trainer;
  }

  /** The trainer's environment: the worker's allowed variables (no secrets) and the launch's own. */
  environment(options: Pick<LaunchOptions, 'gpus'>): NodeJS.ProcessEnv {
    const own: Record<string, string> = {
      PYTHONPATH: [this.config.dir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
      PYTHONUNBUFFERED: '1',
      ALLOY_JOB_SPEC_SCHEMA: this.config.jobSpecSchema,
      ALLOY_WORKER_PID: String(process.pid),
    };
    if (options.gpus.length) own.CUDA_VISIBLE_DEVICES = options.gpus.join(',');
    return trainerEnvironment(process.env, own);
  }

  /**
   * Kills a trainer left from an earlier run of this job in `workDir` (the process group named in
   * its pid file, when it still runs alloy_trainer), so two runs never share a directory.
   */
  async killStale(workDir: string): Promise<void> {
    const file = path.join(workDir, PID_FILE);
    let pid: number;
    try {
      pid = Number((await readFile(file, 'utf8')).trim());
    } catch {
      return;
    }
    if (Number.isInteger(pid) && pid > 1 && (await isTrainer(pid))) {
      this.logger.warn({ pid }, 'killing a trainer left from an earlier run');
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      for (let i = 0; i < 50 && (await isTrainer(pid)); i += 1) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await rm(file, { force: true });
  }
}

async function isTrainer(pid: number): Promise<boolean> {
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('alloy_trainer');
  } catch {
    return false;
  }
}
