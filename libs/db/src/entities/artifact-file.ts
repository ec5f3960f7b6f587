/** One file of an artifact directory, as recorded in the registry. */
export interface ArtifactFile {
  path: string;
  sha256: string;
  bytes: number;
}
