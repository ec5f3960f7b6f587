import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArtifactStore, StoredFile } from '@alloy/artifact-store';
import type { StoredFileRef } from '@alloy/contracts';

/** An input that is not what the job says it should be: running again will not help. */
export class InputIntegrityError extends Error {}

/** Differences between the files a job expects and those that arrived; empty when they match. */
export function compareFiles(expected: StoredFileRef[], actual: StoredFile[]): string[] {
  const byPath = new Map(actual.map((f) => [f.path, f]));
  const problems: string[] = [];
  for (const want of expected) {
    const got = byPath.get(want.path);
    if (!got) problems.push(`${want.path}: missing`);
    else if (got.sha256 !== want.sha256) {
      problems.push(`${want.path}: sha256 ${got.sha256} does not match ${want.sha256}`);
    }
  }
  return problems;
}

/** Moves artifacts between the store and a job's work directory, checking sha256 on the way in. */
export class ArtifactFetcher {
  constructor(private readonly store: ArtifactStore) {}

  exists(key: string): Promise<boolean> {
    return this.store.exists(key);
  }

  /** Copies one stored file to `localPath`, hashing as it streams; refuses a sha256 mismatch. */
  async fetchFile(key: string, sha256: string, localPath: string): Promise<StoredFile> {
    await this.requireExists(key);
    await mkdir(path.dirname(localPath), { recursive: true });
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(this.store.openRead(key), meter, createWriteStream(localPath));
    const actual = hash.digest('hex');
    if (actual !== sha256) {
      await rm(localPath, { force: true });
      throw new InputIntegrityError(`${key}: sha256 ${actual} does not match ${sha256}`);
    }
    return { path: path.basename(localPath), sha256: actual, bytes };
  }

  /**
   * Copies the listed files of a stored directory (and only those: a model directory may also
   * hold large serving variants the trainer does not read); every file is checked.
   */
  async fetchFiles(key: string, files: StoredFileRef[], localDir: string): Promise<void> {
    await this.requireExists(key);
    const problems: string[] = [];
    for (const file of files) {
      const target = path.resolve(localDir, file.path);
      if (!target.startsWith(path.resolve(localDir) + path.sep)) {
        throw new InputIntegrityError(`${key}: file path ${JSON.stringify(file.path)} escapes`);
      }
      try {
        await this.fetchFile(`${key}/${file.path}`, file.sha256, target);
      } catch (error) {
        if (!(error instanceof InputIntegrityError)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length) throw new InputIntegrityError(problems.join('; '));
  }

  /** Copies a whole stored directory (used when no file list is given). */
  async fetchDirectory(key: string, localDir: string): Promise<StoredFile[]> {
    await this.requireExists(key);
    return this.store.getDirectory(key, localDir);
  }

  /** Replaces the stored directory at `key` with a local one, atomically; gives its listing. */
  uploadDirectory(key: string, localDir: string): Promise<StoredFile[]> {
    return this.store.putDirectory(key, localDir);
  }

  private async requireExists(key: string): Promise<void> {
    if (!(await this.store.exists(key))) {
      throw new InputIntegrityError(`${key}: not in the artifact store`);
    }
  }
}
