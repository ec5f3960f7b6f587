import { describe, expect, it } from 'vitest';
import { isGpuFree, parseNvidiaSmiCsv } from './nvidia-smi.parser';

// Output of nvidia-smi 550 on a 4-GPU host, one GPU busy and one with a comma in its name.
const SAMPLE = [
  '0, NVIDIA H100 80GB HBM3, 81559, 4, 0',
  '1, NVIDIA H100 80GB HBM3, 81559, 80211, 98',
  '2, NVIDIA A100-SXM4-40GB, 40960, 512, 3',
  '3, Tesla V100, PCIe 32GB, 32768, 0, [N/A]',
  '',
].join('\n');

describe('parseNvidiaSmiCsv', () => {
  it('reads every GPU with its memory and utilisation', () => {
    const gpus = parseNvidiaSmiCsv(SAMPLE);
    expect(gpus).toHaveLength(4);
    expect(gpus[0]).toEqual({
      index: 0,
      name: 'NVIDIA H100 80GB HBM3',
      memoryTotalMb: 81559,
      memoryUsedMb: 4,
      utilizationPercent: 0,
    });
    expect(gpus[1]?.memoryUsedMb).toBe(80211);
    expect(gpus[1]?.utilizationPercent).toBe(98);
    expect(gpus[3]).toEqual({
      index: 3,
      name: 'Tesla V100, PCIe 32GB',
      memoryTotalMb: 32768,
      memoryUsedMb: 0,
      utilizationPercent: 0,
    });
  });

  it('accepts Windows line ends and empty output', () => {
    expect(parseNvidiaSmiCsv('0, T4, 15360, 0, 0\r\n')).toHaveLength(1);
    expect(parseNvidiaSmiCsv('')).toEqual([]);
  });

  it('refuses output of another query', () => {
    expect(() => parseNvidiaSmiCsv('No devices were found')).toThrow(/unexpected nvidia-smi/);
  });

  it('counts only idle GPUs as free', () => {
    const free = parseNvidiaSmiCsv(SAMPLE)
      .filter(isGpuFree)
      .map((g) => g.index);
    expect(free).toEqual([0, 2, 3]);
  });
});
