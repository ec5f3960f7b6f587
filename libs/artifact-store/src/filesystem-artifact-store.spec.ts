import { createHash } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidArtifactKeyError } from './artifact-store';
import { FilesystemArtifactStore } from './filesystem-artifact-store';

async function newStore(): Promise<FilesystemArtifactStore> {
  return new FilesystemArtifactStore(await mkdtemp(path.join(tmpdir(), 'alloy-store-')));
}

describe('FilesystemArtifactStore', () => {
  it('refuses keys that escape the root', async () => {
    const store = await newStore();
    for (const key of ['../etc/passwd', 'a/../../b', '/abs', 'a\\b', '', 'x\0y']) {
      expect(() => store.resolve(key), key).toThrow(InvalidArtifactKeyError);
    }
    expect(store.resolve('models/a/1')).toBe(path.join(store.root, 'models/a/1'));
  });

  it('streams a write, hashes it, and leaves nothing behind when the source fails', async () => {
    const store = await newStore();
    const data = Buffer.from('hello artifact');
    const stored = await store.write('datasets/x/raw.txt', Readable.from([data]));
    expect(stored.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(stored.bytes).toBe(data.length);

    const failing = new Readable({
      read() {
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.write('datasets/x/broken.txt', failing)).rejects.toThrow('client went away');
    expect(await readdir(path.join(store.root, 'datasets/x'))).toEqual(['raw.txt']);
  });

  it('lists a directory with sha256 of every file', async () => {
    const store = await newStore();
    const src = await mkdtemp(path.join(tmpdir(), 'alloy-src-'));
    await writeFile(path.join(src, 'config.json'), '{}');
    await writeFile(path.join(src, 'b.bin'), Buffer.alloc(10));
    const files = await store.putDirectory('models/m/1', src);
    expect(files.map((f) => f.path)).toEqual(['b.bin', 'config.json']);
    expect(files[1]?.sha256).toBe(createHash('sha256').update('{}').digest('hex'));
  });
});
