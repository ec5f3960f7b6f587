/** Why a whole ingestion failed (as opposed to one record being rejected). */
export enum IngestionErrorCode {
  EMPTY_INPUT = 'EMPTY_INPUT',
  UNKNOWN_FORMAT = 'UNKNOWN_FORMAT',
  UNPARSEABLE = 'UNPARSEABLE',
  INVALID_OPTIONS = 'INVALID_OPTIONS',
  ABORTED = 'ABORTED',
}

/**
 * Thrown when a file cannot be ingested at all. `line` names the line where parsing gave up,
 * so an API can answer with a 4xx that tells the user where to look.
 */
export class IngestionError extends Error {
  override readonly name = 'IngestionError';

  constructor(
    readonly code: IngestionErrorCode,
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line})`);
  }
}
