import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { cp, lstat, mkdir, readFile, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import {
  ArtifactOutsideStoreError,
  InvalidArtifactKeyError,
  type ArtifactStore,
  type StoredFile,
} from './artifact-store';

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

/** Every symbolic link under `dir` (recursively), as absolute paths. */
async function symlinksUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isSymbolicLink()).map((e) => path.join(e.parentPath, e.name));
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Artifact store on a (shared) directory. Keys are relative paths confined to the root: checked
 * by name first, then every existing part of the path is resolved on disk, so a symbolic link
 * (placed by anyone who can write to the shared directory) never leads a read or a write out of it.
 */
/** NAME_MAX of Linux filesystems, in bytes of UTF-8. */
const MAX_NAME_BYTES = 255;
/** Well under PATH_MAX (4096) once joined to the root and to the names of files in a key. */
const MAX_KEY_BYTES = 1024;

export class FilesystemArtifactStore implements ArtifactStore {
  readonly root: string;
  private realRoot: Promise<string> | null = null;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /**
   * Absolute path for a key, by name only: refuses absolute keys, backslashes, NUL, and ".", ".."
   * or empty segments. File operations also resolve symbolic links (`confine`).
   */
  resolve(key: string): string {
    if (typeof key !== 'string' || !key || key.includes('\0') || key.includes('\\')) {
      throw new InvalidArtifactKeyError(String(key));
    }
    if (path.isAbsolute(key)) throw new InvalidArtifactKeyError(key);
    if (key.split('/').some((s) => s === '' || s === '.' || s === '..')) {
      throw new InvalidArtifactKeyError(key);
    }
    // Past these the filesystem answers ENAMETOOLONG: refuse them as a bad key, not a failure.
    if (
      Buffer.byteLength(key) > MAX_KEY_BYTES ||
      key.split('/').some((s) => Buffer.byteLength(s) > MAX_NAME_BYTES)
    ) {
      throw new InvalidArtifactKeyError(
        key.slice(0, 64),
        `at most ${MAX_KEY_BYTES} bytes, each name at most ${MAX_NAME_BYTES}`,
      );
    }
    const full = path.resolve(this.root, key);
    if (full === this.root || !isInside(this.root, full)) throw new InvalidArtifactKeyError(key);
    return full;
  }

  /**
   * The real path of a key: each existing part of it is looked at on disk, and a symbolic link
   * that resolves outside the root (or nowhere) is refused. Parts that do not exist yet are
   * appended as named; `mkdir` creates them as plain directories.
   */
  async confine(key: string): Promise<string> {
    this.resolve(key);
    const root = await this.rootReal();
    const segments = key.split('/');
    let current = root;
    for (let i = 0; i < segments.length; i += 1) {
      const next = path.join(current, segments[i]);
      let info;
      try {
        info = await lstat(next);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return path.join(next, ...segments.slice(i + 1));
        throw error;
      }
      if (info.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(next);
        } catch {
          throw new ArtifactOutsideStoreError(key); // a link to nowhere: it cannot be confined
        }
        if (!isInside(root, target)) throw new ArtifactOutsideStoreError(key);
        current = target;
      } else {
        current = next;
      }
    }
    return current;
  }

  /**
   * Where to create, replace or remove a key: its parent's real path and its own name. A link at
   * the key itself is replaced or removed, not followed; one that leads out of the root is refused.
   */
  private async confineEntry(key: string): Promise<string> {
    await this.confine(key);
    const slash = key.lastIndexOf('/');
    const parent = slash < 0 ? await this.rootReal() : await this.confine(key.slice(0, slash));
    return path.join(parent, key.slice(slash + 1));
  }

  uri(key: string): string {
    return pathToFileURL(this.resolve(key)).href;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(await this.confine(key));
      return true;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
  }

  async listFiles(key: string): Promise<StoredFile[]> {
    // hashDirectory lists regular files only; links inside the directory are skipped
    return hashDirectory(await this.confine(key));
  }

  async readFile(key: string): Promise<Buffer> {
    return readFile(await this.confine(key));
  }

  openRead(key: string): Readable {
    this.resolve(key); // a bad name throws at once, as before
    const out = new PassThrough();
    this.confine(key).then(
      (file) => pipeline(createReadStream(file), out).catch((error: Error) => out.destroy(error)),
      (error: Error) => out.destroy(error),
    );
    return out;
  }

  async write(key: string, source: Readable): Promise<StoredFile> {
    const target = await this.confineEntry(key);
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
    // a link copied in would point wherever its author chose; artifacts are plain files
    const links = await symlinksUnder(localDir);
    if (links.length) {
      const names = links.map((l) => path.relative(localDir, l).split(path.sep).join('/'));
      throw new InvalidArtifactKeyError(
        key,
        `the directory to store holds symbolic links (${names.join(', ')}); artifacts are plain files`,
      );
    }
    const target = await this.confineEntry(key);
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
    const source = await this.confine(key);
    const root = await this.rootReal();
    for (const link of await symlinksUnder(source)) {
      const target = await realpath(link).catch(() => null);
      if (!target || !isInside(root, target)) {
        const inner = path.relative(source, link).split(path.sep).join('/');
        throw new ArtifactOutsideStoreError(`${key}/${inner}`);
      }
    }
    await mkdir(localDir, { recursive: true });
    // copies what links inside the store point at, never the links themselves
    await cp(source, localDir, { recursive: true, dereference: true });
    return hashDirectory(localDir);
  }

  async remove(key: string): Promise<void> {
    await rm(await this.confineEntry(key), { recursive: true, force: true });
  }

  private rootReal(): Promise<string> {
    // the root may itself be a link (a mounted volume); compare against where it really is
    this.realRoot ??= realpath(this.root).catch((error: unknown) => {
      this.realRoot = null;
      if (errorCode(error) === 'ENOENT') return this.root;
      throw error;
    });
    return this.realRoot;
  }
}
