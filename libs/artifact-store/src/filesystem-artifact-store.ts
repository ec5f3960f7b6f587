import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { cp, mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { InvalidArtifactKeyError, type ArtifactStore, type StoredFile } from './artifact-store';

/** sha256 and size of a file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Every regular file under `dir`, hashed, with paths relative to `dir` in POSIX form. */
export async function hashDirectory(dir: string): Promise<StoredFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  const result: StoredFile[] = [];
  for (const file of files) {
    const { sha256, bytes } = await hashFile(file);
    result.push({ path: path.relative(dir, file).split(path.sep).join('/'), sha256, bytes });
  }
  return result;
}

/** Artifact store on a (shared) directory. Keys are relative paths confined to the root. */
export class FilesystemArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Absolute path for a key; refuses anything that would leave the root. */
  resolve(key: string): string {
    if (!key || key.includes('\0') || key.includes('\\') || path.isAbsolute(key)) {
      throw new InvalidArtifactKeyError(key);
    }
    const segments = key.split('/');
    if (segments.some((s) => s === '..')) throw new InvalidArtifactKeyError(key);
    const full = path.resolve(this.root, key);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) {
      throw new InvalidArtifactKeyError(key);
    }
    return full;
  }

  uri(key: string): string {
    return pathToFileURL(this.resolve(key)).href;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.resolve(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async listFiles(key: string): Promise<StoredFile[]> {
    return hashDirectory(this.resolve(key));
  }

  async readFile(key: string): Promise<Buffer> {
    return readFile(this.resolve(key));
  }

  openRead(key: string): Readable {
    return createReadStream(this.resolve(key));
  }

  async write(key: string, source: Readable): Promise<StoredFile> {
    const target = this.resolve(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Write beside the target and rename: readers never see a partial file.
    const temp = `${target}.partial-${randomUUID()}`;
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { path: path.basename(target), sha256: hash.digest('hex'), bytes };
  }

  async putDirectory(key: string, localDir: string): Promise<StoredFile[]> {
    const target = this.resolve(key);
    const temp = `${target}.partial-${randomUUID()}`;
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await cp(localDir, temp, { recursive: true });
      await rm(target, { recursive: true, force: true });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    return hashDirectory(target);
  }

  async getDirectory(key: string, localDir: string): Promise<StoredFile[]> {
    await mkdir(localDir, { recursive: true });
    await cp(this.resolve(key), localDir, { recursive: true });
    return hashDirectory(localDir);
  }

  async remove(key: string): Promise<void> {
    await rm(this.resolve(key), { recursive: true, force: true });
  }
}
