import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FilesystemArtifactStore } from '@alloy/artifact-store';
import type { CompletedEvent } from '@alloy/contracts';
import { describe, expect, it } from 'vitest';
import type { ModelVersionsService } from '../model-versions/model-versions.service';
import { JobCompletionService } from './job-completion.service';
import { isInsideOutputDir } from './manifest-paths';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A store holding jobs/j1/output/{config.json,model.safetensors} and another job's output. */
async function setup() {
  const store = new FilesystemArtifactStore(await mkdtemp(path.join(tmpdir(), 'alloy-done-')));
  await mkdir(store.resolve('jobs/j1/output'), { recursive: true });
  await writeFile(store.resolve('jobs/j1/output/config.json'), '{}');
  await writeFile(store.resolve('jobs/j1/output/model.safetensors'), 'weights');
  await mkdir(store.resolve('models/other/1'), { recursive: true });
  await writeFile(store.resolve('models/other/1/config.json'), '{"other":1}');
  const service = new JobCompletionService({} as ModelVersionsService, store);
  return { store, service };
}

function completed(files: { path: string; sha256: string }[]): CompletedEvent {
  return {
    type: 'completed',
    time: new Date().toISOString(),
    manifest: { format: 'hf-model', files: files.map((f) => ({ ...f, bytes: 1 })) },
  };
}

const job = { id: 'j1', kind: 'sft' as const };
const own = [
  { path: 'config.json', sha256: sha('{}') },
  { path: 'model.safetensors', sha256: sha('weights') },
];

describe('JobCompletionService.prepare', () => {
  it("takes a manifest naming the job's own output files", async () => {
    const { service } = await setup();
    const prepared = await service.prepare(job, completed(own));
    expect(prepared?.key).toBe('jobs/j1/output');
    expect(prepared?.files.map((f) => f.path)).toEqual(['config.json', 'model.safetensors']);
  });

  it('refuses a manifest naming files outside the output directory, without echoing them', async () => {
    const { service } = await setup();
    for (const outside of [
      '../../../models/other/1/config.json',
      '/etc/passwd',
      'sub/../../x',
      './config.json',
      'a//b',
      'a\\b',
      '',
    ]) {
      const event = completed([...own, { path: outside, sha256: sha('{"other":1}') }]);
      const refused = service.prepare(job, event);
      await expect(refused, outside).rejects.toThrow(/outside the job's output directory/);
      await expect(refused, outside).rejects.not.toThrow(/etc\/passwd|models\/other/);
    }
    // evaluations register no files, but a bad manifest is refused all the same
    await expect(
      service.prepare({ id: 'j1', kind: 'evaluate' }, completed([{ path: '../x', sha256: '' }])),
    ).rejects.toThrow(/outside the job's output directory/);
  });

  it('refuses a manifest naming files the stored output lacks', async () => {
    const { service } = await setup();
    await expect(
      service.prepare(job, completed([...own, { path: 'tokenizer.json', sha256: sha('') }])),
    ).rejects.toThrow(/lacks: tokenizer\.json/);
  });

  it('refuses a file whose sha256 differs', async () => {
    const { service } = await setup();
    await expect(
      service.prepare(job, completed([{ path: 'config.json', sha256: sha('other') }])),
    ).rejects.toThrow(/differ from the trainer's manifest: config\.json/);
  });
});

describe('isInsideOutputDir', () => {
  it('takes plain relative paths only', () => {
    expect(isInsideOutputDir('merged/config.json')).toBe(true);
    for (const p of ['..', '../a', 'a/..', '/a', 'a/', 'a\0b', 'a\\b', '', 3, null]) {
      expect(isInsideOutputDir(p), String(p)).toBe(false);
    }
  });
});
