import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Transform, type TransformCallback } from 'node:stream';
import type { ArtifactStore, StoredFile } from '@alloy/artifact-store';
import { type DetectedFormat, IngestionError, IngestionErrorCode, detectFormat } from '@alloy/data';
import { HttpStatus } from '@nestjs/common';
import busboy from 'busboy';
import { ApiError, CommonErrorCode } from '../common/errors/api-error';
import { DatasetErrorCode } from './datasets.errors';
import type { UploadFormat } from './dto/upload-dataset-version.query';

/** Bytes of the head used to decide the format (as `@alloy/data` sniffs). */
const SNIFF_BYTES = 64 * 1024;

/** Raw bodies accepted besides multipart; JSON is refused because the JSON body parser owns it. */
const RAW_TYPES = new Set([
  'application/octet-stream',
  'text/plain',
  'application/jsonl',
  'application/x-ndjson',
  'application/x-jsonlines',
]);

export interface UploadRequest {
  headers: IncomingHttpHeaders;
  /** The request body: piped, never buffered. */
  body: Readable;
  limitBytes: number;
  format: UploadFormat;
  /** `?fileName=` for raw uploads; multipart parts carry their own. */
  fileName?: string;
}

export interface ReceivedUpload extends StoredFile {
  fileName: string | null;
  detected: DetectedFormat;
}

/**
 * A plain file name: no directories, no `..`, no control characters, no leading dot. Names are
 * never used as store keys, but they show up in reports and logs and pick the format.
 */
export function checkFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const bad = /[/\\\u0000-\u001f\u007f]/.test(name) || name.includes('..') || /^[.\s]/.test(name);
  if (bad || name.length === 0 || name.length > 255) {
    throw ApiError.badRequest(
      DatasetErrorCode.INVALID_FILE_NAME,
      `fileName: "${name.slice(0, 80)}" is not a plain file name (no paths, "..", control characters or leading dot)`,
      [{ field: 'fileName', message: 'must be a plain file name' }],
    );
  }
  return name;
}

export function payloadTooLarge(limit: number): ApiError {
  return new ApiError(
    HttpStatus.PAYLOAD_TOO_LARGE,
    CommonErrorCode.PAYLOAD_TOO_LARGE,
    `the upload exceeds the limit of ${limit} bytes (DATASET_UPLOAD_LIMIT)`,
    { limit },
  );
}

function formatError(error: unknown): unknown {
  if (!(error instanceof IngestionError)) return error;
  if (error.code === IngestionErrorCode.EMPTY_INPUT) {
    return ApiError.badRequest(DatasetErrorCode.EMPTY_FILE, `the file is empty: ${error.message}`);
  }
  return ApiError.badRequest(DatasetErrorCode.UNKNOWN_FORMAT, error.message);
}

/**
 * Counts bytes against the limit and decides the format from the head, so an oversized or
 * unreadable upload is refused while it streams rather than after it has been stored.
 */
class UploadGuard extends Transform {
  bytes = 0;
  detected: DetectedFormat | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;

  constructor(
    private readonly limit: number,
    private readonly format: UploadFormat,
    private readonly fileName: string | null,
  ) {
    super();
  }

  private detect(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    // An explicit format wins over the file name's extension.
    const name = this.format === 'auto' ? (this.fileName ?? undefined) : `upload.${this.format}`;
    this.detected = detectFormat(head, name);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return callback(payloadTooLarge(this.limit));
    try {
      if (!this.detected) {
        this.head.push(chunk);
        this.headBytes += chunk.length;
        if (this.headBytes >= SNIFF_BYTES) this.detect();
      }
    } catch (error) {
      return callback(formatError(error) as Error);
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes === 0) {
      return callback(ApiError.badRequest(DatasetErrorCode.EMPTY_FILE, 'the file is empty'));
    }
    try {
      if (!this.detected) this.detect();
      callback();
    } catch (error) {
      callback(formatError(error) as Error);
    }
  }
}

interface FilePart {
  stream: Readable;
  fileName: string | null;
  /** Resolves once the whole multipart body has been read. */
  done: Promise<void>;
}

/** The first file part of a multipart body; a second file or a missing one is a 400. */
function firstFilePart(headers: IncomingHttpHeaders, body: Readable): Promise<FilePart> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers,
        preservePath: true,
        limits: { files: 2, fields: 20, fieldSize: 4096, parts: 30 },
      });
    } catch (error) {
      reject(
        ApiError.badRequest(
          DatasetErrorCode.MALFORMED_UPLOAD,
          `malformed multipart request: ${(error as Error).message}`,
        ),
      );
      return;
    }
    let found = false;
    let settleDone: { resolve: () => void; reject: (e: unknown) => void } | undefined;
    const done = new Promise<void>((res, rej) => (settleDone = { resolve: res, reject: rej }));
    done.catch(() => undefined);
    parser.on('file', (_field, stream, info) => {
      if (found) {
        stream.resume();
        settleDone?.reject(
          ApiError.badRequest(DatasetErrorCode.MALFORMED_UPLOAD, 'send one file per upload'),
        );
        return;
      }
      found = true;
      resolve({ stream, fileName: info.filename ?? null, done });
    });
    parser.on('error', (error: Error) => {
      const problem = ApiError.badRequest(
        DatasetErrorCode.MALFORMED_UPLOAD,
        `malformed multipart request: ${error.message}`,
      );
      if (found) settleDone?.reject(problem);
      else reject(problem);
    });
    parser.on('close', () => {
      if (!found) {
        reject(
          ApiError.badRequest(
            DatasetErrorCode.MISSING_FILE,
            'the multipart request holds no file part',
          ),
        );
      }
      settleDone?.resolve();
    });
    body.pipe(parser);
  });
}

/**
 * Streams an upload (raw or multipart) into the artifact store under `key`: hashed on the way,
 * size-limited, format-checked from its head. On any failure nothing stays under `key` (the
 * store writes beside the target and renames at the end).
 */
export async function receiveUpload(
  store: ArtifactStore,
  key: string,
  request: UploadRequest,
): Promise<ReceivedUpload> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > request.limitBytes) {
    throw payloadTooLarge(request.limitBytes);
  }
  const type = (request.headers['content-type'] ?? 'application/octet-stream')
    .split(';')[0]
    .trim()
    .toLowerCase();
  let source: Readable;
  let fileName: string | null;
  let multipartDone: Promise<void> | undefined;
  if (type === 'multipart/form-data') {
    const part = await firstFilePart(request.headers, request.body);
    source = part.stream;
    fileName = part.fileName ? checkFileName(part.fileName) : null;
    multipartDone = part.done;
  } else if (RAW_TYPES.has(type)) {
    source = request.body;
    fileName = request.fileName === undefined ? null : checkFileName(request.fileName);
  } else {
    throw new ApiError(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      DatasetErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `send the file as application/octet-stream or multipart/form-data, not ${type}`,
    );
  }
  const guard = new UploadGuard(request.limitBytes, request.format, fileName);
  // The store may attach its pipeline after the body has already failed the guard; the error
  // stays on the stream (`errored`) for the pipeline to report.
  guard.on('error', () => undefined);
  // pipe(), not pipeline(): a failed upload must not destroy the request's socket before the
  // error response is written.
  source.pipe(guard);
  const onSourceError = (error: Error) => guard.destroy(error);
  source.once('error', onSourceError);
  request.body.once('aborted', () =>
    guard.destroy(
      ApiError.badRequest(DatasetErrorCode.MALFORMED_UPLOAD, 'the upload was interrupted'),
    ),
  );
  try {
    const stored = await store.write(key, guard);
    await multipartDone;
    return { ...stored, fileName, detected: guard.detected! };
  } catch (error) {
    source.unpipe(guard);
    source.resume();
    throw error;
  } finally {
    source.off('error', onSourceError);
  }
}
