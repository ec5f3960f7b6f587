import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ArtifactOutsideStoreError, InvalidArtifactKeyError } from './artifact-store';
import { FilesystemArtifactStore } from './filesystem-artifact-store';

async function newStore(): Promise<FilesystemArtifactStore> {
  return new FilesystemArtifactStore(await mkdtemp(path.join(tmpdir(), 'alloy-store-')));
}

describe('FilesystemArtifactStore', () => {
  it('refuses keys that escape the root', async () => {
    const store = await newStore();
    const keys = ['../etc/passwd', 'a/../../b', '/abs', 'a\\b', '', 'x\0y', '..', 'a/..', 'a/../b'];
    for (const key of [...keys, '.', './a', 'a/./b', 'a//b', 'a/', '/', '//x']) {
      expect(() => store.resolve(key), key).toThrow(InvalidArtifactKeyError);
    }
    expect(store.resolve('models/a/1')).toBe(path.join(store.root, 'models/a/1'));
  });

  it('refuses names the filesystem cannot hold as a bad key, not ENAMETOOLONG', async () => {
    const store = await newStore();
    // 300 parrots are 1,200 bytes of UTF-8: too long for one name, as 5 names of 250 are for a key.
    for (const key of [
      '🦜'.repeat(300),
      `m/${'x'.repeat(256)}`,
      Array(5).fill('y'.repeat(250)).join('/'),
    ]) {
      expect(() => store.resolve(key)).toThrow(/at most 1024 bytes, each name at most 255/);
      await expect(store.exists(key)).rejects.toThrow(InvalidArtifactKeyError);
    }
    expect(await store.exists(`m/${'x'.repeat(255)}`)).toBe(false);
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

  describe('symbolic links', () => {
    /** A store whose models/evil is a link to a directory outside the root. */
    async function storeWithEscape() {
      const base = await mkdtemp(path.join(tmpdir(), 'alloy-links-'));
      const outside = path.join(base, 'outside');
      await mkdir(outside);
      await writeFile(path.join(outside, 'secret.txt'), 'secret');
      const store = new FilesystemArtifactStore(path.join(base, 'root'));
      await mkdir(path.join(store.root, 'models/real'), { recursive: true });
      await writeFile(path.join(store.root, 'models/real/config.json'), '{}');
      await symlink(outside, path.join(store.root, 'models/evil'));
      await symlink(path.join(outside, 'secret.txt'), path.join(store.root, 'models/real/leak'));
      return { base, outside, store };
    }

    async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
      return Buffer.concat(chunks);
    }

    it('refuses to read through a link that leaves the root', async () => {
      const { store } = await storeWithEscape();
      for (const key of ['models/evil/secret.txt', 'models/real/leak']) {
        await expect(store.readFile(key), key).rejects.toThrow(ArtifactOutsideStoreError);
        await expect(store.readFile(key), key).rejects.toThrow(/out of the artifact store/);
        await expect(store.exists(key), key).rejects.toThrow(ArtifactOutsideStoreError);
        await expect(drain(store.openRead(key)), key).rejects.toThrow(ArtifactOutsideStoreError);
      }
      await expect(store.listFiles('models/evil')).rejects.toThrow(ArtifactOutsideStoreError);
      const local = await mkdtemp(path.join(tmpdir(), 'alloy-get-'));
      await expect(store.getDirectory('models/evil', local)).rejects.toThrow(
        ArtifactOutsideStoreError,
      );
      expect(await readdir(local)).toEqual([]);
    });

    it('refuses to write or remove through a link that leaves the root', async () => {
      const { outside, store } = await storeWithEscape();
      await expect(
        store.write('models/evil/new.txt', Readable.from([Buffer.from('x')])),
      ).rejects.toThrow(ArtifactOutsideStoreError);
      await expect(
        store.write('models/real/leak', Readable.from([Buffer.from('overwritten')])),
      ).rejects.toThrow(ArtifactOutsideStoreError);
      const src = await mkdtemp(path.join(tmpdir(), 'alloy-src-'));
      await writeFile(path.join(src, 'a.txt'), 'a');
      await expect(store.putDirectory('models/evil/dir', src)).rejects.toThrow(
        ArtifactOutsideStoreError,
      );
      await expect(store.remove('models/evil/secret.txt')).rejects.toThrow(
        ArtifactOutsideStoreError,
      );
      expect((await readdir(outside)).sort()).toEqual(['secret.txt']);
      expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    });

    it('refuses to copy out a stored directory holding a link that leaves the root', async () => {
      const { store } = await storeWithEscape();
      const local = await mkdtemp(path.join(tmpdir(), 'alloy-get-'));
      await expect(store.getDirectory('models/real', local)).rejects.toThrow('models/real/leak');
      expect(await readdir(local)).toEqual([]);
    });

    it('refuses to store a directory that holds links', async () => {
      const { outside, store } = await storeWithEscape();
      const src = await mkdtemp(path.join(tmpdir(), 'alloy-src-'));
      await writeFile(path.join(src, 'config.json'), '{}');
      await symlink(path.join(outside, 'secret.txt'), path.join(src, 'weights.bin'));
      await expect(store.putDirectory('models/m/1', src)).rejects.toThrow(/weights\.bin/);
      expect(await store.exists('models/m/1')).toBe(false);
    });

    it('follows links that stay inside the root, and works under a linked root', async () => {
      const { base, store } = await storeWithEscape();
      await symlink(path.join(store.root, 'models/real'), path.join(store.root, 'models/alias'));
      expect((await store.readFile('models/alias/config.json')).toString()).toBe('{}');
      const linked = new FilesystemArtifactStore(path.join(base, 'root-link'));
      await symlink(store.root, linked.root);
      expect((await linked.readFile('models/real/config.json')).toString()).toBe('{}');
      await linked.write('models/real/b.txt', Readable.from([Buffer.from('b')]));
      expect((await drain(linked.openRead('models/real/b.txt'))).toString()).toBe('b');
      await expect(linked.readFile('models/evil/secret.txt')).rejects.toThrow(
        ArtifactOutsideStoreError,
      );
    });
  });
});
