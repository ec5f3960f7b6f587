/** A file of an artifact, as recorded in the registry and checked after transfer. */
export interface StoredFileRef {
  path: string;
  sha256: string;
  bytes: number;
}
