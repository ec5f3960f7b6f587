import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FilesystemArtifactStore } from '@alloy/artifact-store';
import { describe, expect, it } from 'vitest';
import { ArtifactFetcher, compareFiles, InputIntegrityError } from './artifact-fetcher';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

async function storeWith(files: Record<string, string>) {
  const root = await mkdtemp(path.join(tmpdir(), 'alloy-fetch-'));
  const store = new FilesystemArtifactStore(path.join(root, 'store'));
  const src = path.join(root, 'src');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(src, name)), { recursive: true });
    await writeFile(path.join(src, name), text);
  }
  await store.putDirectory('models/base/1', src);
  return { store, fetcher: new ArtifactFetcher(store), work: path.join(root, 'work') };
}

describe('compareFiles', () => {
  it('names missing files and sha256 mismatches', () => {
    const expected = [
      { path: 'a', sha256: sha('a'), bytes: 1 },
      { path: 'b', sha256: sha('b'), bytes: 1 },
      { path: 'c', sha256: sha('c'), bytes: 1 },
    ];
    const actual = [
      { path: 'a', sha256: sha('a'), bytes: 1 },
      { path: 'b', sha256: sha('tampered'), bytes: 8 },
    ];
    const problems = compareFiles(expected, actual);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^b: sha256 .* does not match/);
    expect(problems[1]).toBe('c: missing');
    expect(compareFiles(expected.slice(0, 1), actual)).toEqual([]);
  });
});

describe('ArtifactFetcher', () => {
  it('copies only the listed files of a model directory, checked', async () => {
    const { fetcher, work } = await storeWith({
      'config.json': '{}',
      'model.safetensors': 'weights',
      'onnx/model.onnx': 'not needed',
    });
    await fetcher.fetchFiles(
      'models/base/1',
      [
        { path: 'config.json', sha256: sha('{}'), bytes: 2 },
        { path: 'model.safetensors', sha256: sha('weights'), bytes: 7 },
      ],
      work,
    );
    expect((await readdir(work)).sort()).toEqual(['config.json', 'model.safetensors']);
  });

  it('rejects a file whose sha256 does not match and leaves it behind', async () => {
    const { fetcher, work } = await storeWith({ 'config.json': '{"changed":true}', 'w.bin': 'w' });
    const fetching = fetcher.fetchFiles(
      'models/base/1',
      [
        { path: 'config.json', sha256: sha('{}'), bytes: 2 },
        { path: 'w.bin', sha256: sha('w'), bytes: 1 },
      ],
      work,
    );
    await expect(fetching).rejects.toThrow(InputIntegrityError);
    await expect(fetching).rejects.toThrow(/config\.json: sha256 .* does not match/);
    expect(await readdir(work)).toEqual(['w.bin']);
  });

  it('rejects a single file with the wrong sha256 and a key that is not there', async () => {
    const { fetcher, work } = await storeWith({ 'config.json': '{}' });
    const target = path.join(work, 'c.json');
    await expect(fetcher.fetchFile('models/base/1/config.json', sha('x'), target)).rejects.toThrow(
      InputIntegrityError,
    );
    await expect(fetcher.fetchFile('datasets/none', sha('x'), target)).rejects.toThrow(
      /not in the artifact store/,
    );
    await fetcher.fetchFile('models/base/1/config.json', sha('{}'), target);
    expect(await readFile(target, 'utf8')).toBe('{}');
  });

  it('refuses listed paths that leave the work directory', async () => {
    const { fetcher, work } = await storeWith({ 'config.json': '{}' });
    await expect(
      fetcher.fetchFiles('models/base/1', [{ path: '../x', sha256: sha(''), bytes: 0 }], work),
    ).rejects.toThrow(/escapes/);
  });
});
