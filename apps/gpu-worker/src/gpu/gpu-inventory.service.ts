import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GpuInfo } from '@alloy/contracts';
import type { Logger } from 'pino';
import { NVIDIA_SMI_ARGS, isGpuFree, parseNvidiaSmiCsv } from './nvidia-smi.parser';

/** Runs a command and gives its stdout; rejects with `code: 'ENOENT'` when it does not exist. */
export type CommandRunner = (command: string, args: string[]) => Promise<string>;

const execFileAsync = promisify(execFile);

const runCommand: CommandRunner = async (command, args) =>
  (await execFileAsync(command, args, { timeout: 10_000 })).stdout;

/**
 * The host's GPUs as nvidia-smi reports them; none (a CPU-only worker) when nvidia-smi is absent.
 * Also hands out GPU indices to jobs, so concurrent jobs never share a GPU.
 */
export class GpuInventoryService {
  private gpus: GpuInfo[] = [];
  private readonly inUse = new Set<number>();

  constructor(
    private readonly logger: Logger,
    private readonly run: CommandRunner = runCommand,
  ) {}

  /** Reads the GPUs again (memory and utilisation change); keeps the last answer on failure. */
  async refresh(): Promise<GpuInfo[]> {
    try {
      this.gpus = parseNvidiaSmiCsv(await this.run('nvidia-smi', NVIDIA_SMI_ARGS));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.gpus = [];
      } else {
        this.logger.warn({ err: error }, 'nvidia-smi failed; keeping the last GPU list');
      }
    }
    return this.gpus;
  }

  list(): GpuInfo[] {
    return this.gpus;
  }

  /** Jobs to run at once when not configured: the free GPUs, at least 1 (a CPU worker: 1). */
  defaultConcurrency(): number {
    return Math.max(1, this.gpus.filter(isGpuFree).length);
  }

  /**
   * Reserves `count` GPUs for a job. A CPU-only worker gives `[]`; null when this worker does
   * not have that many GPUs free right now.
   */
  acquire(count: number): number[] | null {
    if (this.gpus.length === 0) return [];
    const free = this.gpus.map((g) => g.index).filter((i) => !this.inUse.has(i));
    if (free.length < count) return null;
    const taken = free.slice(0, Math.max(1, count));
    taken.forEach((i) => this.inUse.add(i));
    return taken;
  }

  release(indices: number[]): void {
    indices.forEach((i) => this.inUse.delete(i));
  }
}
