import type { GpuInfo } from '@alloy/contracts';

/** The query whose CSV output {@link parseNvidiaSmiCsv} reads; the column order matters. */
export const NVIDIA_SMI_ARGS = [
  '--query-gpu=index,name,memory.total,memory.used,utilization.gpu',
  '--format=csv,noheader,nounits',
];

/** nvidia-smi prints "[N/A]" or "[Not Supported]" for values a GPU does not report. */
function numberOrZero(text: string): number {
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : 0;
}

/**
 * Parses `nvidia-smi --query-gpu=index,name,memory.total,memory.used,utilization.gpu
 * --format=csv,noheader,nounits`. GPU names may contain commas, so the name is everything
 * between the first and the last three fields.
 */
export function parseNvidiaSmiCsv(output: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields = line.split(',');
    if (fields.length < 5) throw new Error(`unexpected nvidia-smi line: ${JSON.stringify(line)}`);
    const index = Number(fields[0]?.trim());
    if (!Number.isInteger(index)) {
      throw new Error(`unexpected nvidia-smi line: ${JSON.stringify(line)}`);
    }
    const tail = fields.slice(-3);
    gpus.push({
      index,
      name: fields.slice(1, -3).join(',').trim(),
      memoryTotalMb: numberOrZero(tail[0] ?? ''),
      memoryUsedMb: numberOrZero(tail[1] ?? ''),
      utilizationPercent: numberOrZero(tail[2] ?? ''),
    });
  }
  return gpus.sort((a, b) => a.index - b.index);
}

/**
 * A GPU counts as free when another process holds little of its memory and it is mostly idle:
 * the driver alone takes a few hundred MiB, so an empty GPU never shows exactly zero.
 */
export function isGpuFree(gpu: GpuInfo): boolean {
  const usedShare = gpu.memoryTotalMb > 0 ? gpu.memoryUsedMb / gpu.memoryTotalMb : 1;
  return usedShare < 0.1 && gpu.utilizationPercent < 20;
}
