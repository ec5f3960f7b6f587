import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { GpuInventoryService, type CommandRunner } from './gpu-inventory.service';

const logger = pino({ level: 'silent' });

describe('GpuInventoryService', () => {
  it('is a CPU-only worker when nvidia-smi does not exist', async () => {
    const gpus = new GpuInventoryService(logger);
    // the real lookup of a command that is not installed
    const missing: CommandRunner = () =>
      Promise.reject(Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' }));
    const cpu = new GpuInventoryService(logger, missing);
    expect(await cpu.refresh()).toEqual([]);
    expect(cpu.defaultConcurrency()).toBe(1);
    expect(cpu.acquire(1)).toEqual([]);
    expect(Array.isArray(await gpus.refresh())).toBe(true);
  });

  it('counts free GPUs and never hands one GPU to two jobs', async () => {
    const run: CommandRunner = async () =>
      '0, NVIDIA L4, 23034, 1, 0\n1, NVIDIA L4, 23034, 20000, 95\n2, NVIDIA L4, 23034, 300, 0\n';
    const inventory = new GpuInventoryService(logger, run);
    await inventory.refresh();
    expect(inventory.defaultConcurrency()).toBe(2);
    const first = inventory.acquire(2);
    expect(first).toEqual([0, 1]);
    expect(inventory.acquire(2)).toBeNull();
    expect(inventory.acquire(1)).toEqual([2]);
    inventory.release(first!);
    expect(inventory.acquire(2)).toEqual([0, 1]);
  });

  it('keeps the last list when nvidia-smi fails for another reason', async () => {
    let output = '0, T4, 15360, 0, 0\n';
    const inventory = new GpuInventoryService(logger, async () => {
      if (!output) throw new Error('NVIDIA-SMI has failed');
      return output;
    });
    await inventory.refresh();
    output = '';
    expect(await inventory.refresh()).toHaveLength(1);
  });
});
