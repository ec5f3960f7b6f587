/**
 * Where a dataset's files live on the artifact store. Uploads are keyed by the version id (known
 * before the row exists, so an upload that is refused leaves neither a row nor a file); the
 * cleaned JSONL that training reads is keyed by the version number.
 */
export const datasetKeys = {
  upload: (dataset: string, versionId: string) => `datasets/${dataset}/uploads/${versionId}`,
  source: (dataset: string, versionId: string) => `datasets/${dataset}/uploads/${versionId}/source`,
  request: (dataset: string, versionId: string) =>
    `datasets/${dataset}/uploads/${versionId}/request.json`,
  output: (dataset: string, version: number) => `datasets/${dataset}/v${version}/data.jsonl`,
};

/** What the upload asked of ingestion, kept beside the raw file so a retried job sees the same. */
export interface IngestionRequest {
  fileName: string | null;
  baseModel: string | null;
}
