import type { DatasetVersion } from '@alloy/sdk/types';
import { authHeaders } from '../../api/api-client';
import { ApiProblem } from '../../api/api-error';

/** Bytes sent of the upload's total. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Uploads a file as a new version of a dataset, reporting bytes sent as they go. Uses
 * XMLHttpRequest because fetch reports no upload progress. The body is the raw file
 * (application/octet-stream), which the control plane streams to the artifact store.
 */
export function uploadDatasetFile(
  dataset: string,
  file: File,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<DatasetVersion> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const url = `/api/v1/datasets/${encodeURIComponent(dataset)}/versions?fileName=${encodeURIComponent(file.name)}`;
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) =>
      onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      const response = new Response(xhr.responseText || null, {
        status: xhr.status,
        headers: { 'content-type': 'application/json' },
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as DatasetVersion);
      } else {
        void ApiProblem.from(response).then(reject, reject);
      }
    };
    xhr.onerror = () => reject(new Error('the upload failed: the connection was lost'));
    xhr.onabort = () => reject(new DOMException('the upload was cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
