import type { Readable } from 'node:stream';

/** One file of an artifact, with its content hash. */
export interface StoredFile {
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * Where model and dataset artifacts live, addressed by keys like `models/fin-advisor/3`.
 * The filesystem implementation is a shared directory; an S3 one can come behind the same interface.
 */
export interface ArtifactStore {
  /** `file:///...` or `s3://...` for a key. */
  uri(key: string): string;
  exists(key: string): Promise<boolean>;
  /** Every file under a directory key, with sha256, sorted by path. */
  listFiles(key: string): Promise<StoredFile[]>;
  readFile(key: string): Promise<Buffer>;
  openRead(key: string): Readable;
  /** Streams into the store; the object appears only once complete (no half-written files). */
  write(key: string, source: Readable): Promise<StoredFile>;
  /** Copies a local directory into the store under a key. */
  putDirectory(key: string, localDir: string): Promise<StoredFile[]>;
  /** Copies a stored directory to a local directory (a worker's work directory). */
  getDirectory(key: string, localDir: string): Promise<StoredFile[]>;
  remove(key: string): Promise<void>;
}

export class InvalidArtifactKeyError extends Error {
  constructor(
    readonly key: string,
    reason = 'use a relative path of names separated by "/", without ".", "..", empty names, backslashes or NUL',
  ) {
    super(`invalid artifact path "${key}": ${reason}`);
  }
}

/** A key that exists but leads, through a symbolic link, out of the store's root. */
export class ArtifactOutsideStoreError extends InvalidArtifactKeyError {
  constructor(key: string) {
    super(key, 'it leads through a symbolic link out of the artifact store');
  }
}
