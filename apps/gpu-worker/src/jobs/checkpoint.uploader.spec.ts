import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FilesystemArtifactStore } from '@alloy/artifact-store';
import { describe, expect, it } from 'vitest';
import { ArtifactFetcher } from '../artifacts/artifact-fetcher';
import { CheckpointUploader } from './checkpoint.uploader';
import { JobPathError } from './job-prefix';

async function trainerCheckpoints(steps: number[]) {
  const dir = await mkdtemp(path.join(tmpdir(), 'alloy-ckpt-'));
  const local = path.join(dir, 'work', 'checkpoints');
  for (const step of steps) {
    const name = `step-${String(step).padStart(8, '0')}`;
    await mkdir(path.join(local, name), { recursive: true });
    await writeFile(path.join(local, name, 'state.pt'), `state ${step}`);
  }
  await mkdir(path.join(local, 'tokenizer'));
  await writeFile(path.join(local, 'tokenizer', 'tokenizer.json'), '{}');
  const store = new FilesystemArtifactStore(path.join(dir, 'store'));
  return { local, store, uploader: new CheckpointUploader(new ArtifactFetcher(store)) };
}

describe('CheckpointUploader', () => {
  it('stores the announced step alone, with its LATEST and the trained tokenizer', async () => {
    const { local, store, uploader } = await trainerCheckpoints([4, 6]);
    expect(
      await uploader.upload('j', 'jobs/j/checkpoints', local, path.join(local, 'step-00000004')),
    ).toBe(true);
    expect(
      await uploader.upload('j', 'jobs/j/checkpoints', local, path.join(local, 'step-00000006')),
    ).toBe(true);
    const root = store.resolve('jobs/j/checkpoints');
    expect((await readdir(root)).sort()).toEqual(['LATEST', 'step-00000006', 'tokenizer']);
    expect(await readFile(path.join(root, 'LATEST'), 'utf8')).toBe('step-00000006\n');
    expect(await readFile(path.join(root, 'step-00000006/state.pt'), 'utf8')).toBe('state 6');
    // nothing left beside the trainer's directory
    expect(await readdir(path.dirname(local))).toEqual(['checkpoints']);
  });

  it('skips a step the trainer has pruned and keeps the stored one', async () => {
    const { local, store, uploader } = await trainerCheckpoints([8]);
    await uploader.upload('j', 'jobs/j/checkpoints', local, path.join(local, 'step-00000008'));
    expect(
      await uploader.upload('j', 'jobs/j/checkpoints', local, path.join(local, 'step-00000002')),
    ).toBe(false);
    expect(await readFile(store.resolve('jobs/j/checkpoints/LATEST'), 'utf8')).toBe(
      'step-00000008\n',
    );
  });

  it('writes only under the job prefix', async () => {
    const { local, store, uploader } = await trainerCheckpoints([4]);
    const step = path.join(local, 'step-00000004');
    for (const key of ['checkpoints/j', 'jobs/other/checkpoints', 'jobs/j', 'jobs/j/../k/c']) {
      await expect(uploader.upload('j', key, local, step), key).rejects.toThrow(JobPathError);
    }
    expect(await readdir(store.root).catch(() => [])).toEqual([]);
  });

  it('uploads only a step directory of the checkpoint directory', async () => {
    const { local, store, uploader } = await trainerCheckpoints([4]);
    const elsewhere = path.join(path.dirname(local), 'secrets');
    await mkdir(path.join(elsewhere, 'step-00000009'), { recursive: true });
    await writeFile(path.join(elsewhere, 'step-00000009', 'key.pem'), 'private');
    for (const stepPath of [
      '/etc',
      '../secrets/step-00000009',
      path.join(elsewhere, 'step-00000009'),
      'tokenizer',
      '.',
      'step-00000004/..',
    ]) {
      await expect(
        uploader.upload('j', 'jobs/j/checkpoints', local, stepPath),
        stepPath,
      ).rejects.toThrow(/not a step-N directory/);
    }
    expect(await readdir(store.root).catch(() => [])).toEqual([]);
    // a relative step path, as the trainer writes it, is fine
    expect(await uploader.upload('j', 'jobs/j/checkpoints', local, 'step-00000004')).toBe(true);
  });
});
