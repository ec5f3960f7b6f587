import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { IngestionError, IngestionErrorCode } from '../ingestion.errors';
import type { DatasetFormat, DatasetKind, RecordShape } from '../records/record.types';
import { KIND_OF_SHAPE } from '../records/record.types';

export interface DetectedFormat {
  format: DatasetFormat;
  shape: RecordShape;
  kind: DatasetKind;
}

/** Bytes read from the start of a file to decide its format. */
export const SNIFF_BYTES = 64 * 1024;

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md']);
const JSONL_EXTENSIONS = new Set(['.jsonl', '.ndjson']);
const JSON_EXTENSIONS = new Set(['.json']);

function fail(message: string): never {
  throw new IngestionError(IngestionErrorCode.UNKNOWN_FORMAT, message);
}

/** Guesses the shape of the first record from its keys (the head may cut a record short). */
function shapeOfRecordText(text: string): RecordShape | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return shapeOfKeys(Object.keys(value));
    }
    return undefined;
  } catch {
    const keys = [...text.matchAll(/"([A-Za-z_]+)"\s*:/g)].map((m) => m[1] ?? '');
    return shapeOfKeys(keys);
  }
}

function shapeOfKeys(keys: string[]): RecordShape | undefined {
  const has = new Set(keys);
  if (has.has('messages')) return 'chat';
  if (has.has('instruction') && has.has('output')) return 'alpaca';
  if (has.has('question') && has.has('choices')) return 'multiple_choice';
  if (has.has('prompt') && has.has('expect')) return 'safety';
  if (has.has('text')) return 'text';
  return undefined;
}

/**
 * NUL bytes, or more than 1% of the head not decodable as UTF-8, mean a binary file or a
 * legacy encoding (GBK, Latin-1). A few bad bytes are left to the line reader, which reports
 * them as lines of invalid UTF-8 and reads on.
 */
function looksBinary(head: Buffer): boolean {
  if (head.includes(0)) return true;
  const text = head.toString('utf8');
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  // The head may end inside a multi-byte character: allow one replacement for that.
  return bad > 1 && bad > text.length / 100;
}

/**
 * Decides the container format and record shape of a file from its name (when known) and its
 * first bytes. Throws `UNKNOWN_FORMAT` for binary files and unsupported extensions and
 * `EMPTY_INPUT` for files with nothing but whitespace.
 */
export function detectFormat(head: Buffer, fileName?: string): DetectedFormat {
  const ext = fileName ? extname(fileName).toLowerCase() : '';
  const known = TEXT_EXTENSIONS.has(ext) || JSONL_EXTENSIONS.has(ext) || JSON_EXTENSIONS.has(ext);
  if (ext !== '' && !known) fail(`unsupported file type "${ext}" (use .txt, .jsonl or .json)`);
  if (head.length === 0) throw new IngestionError(IngestionErrorCode.EMPTY_INPUT, 'empty file');
  if (looksBinary(head)) fail('the file is not UTF-8 text');
  const text = head.toString('utf8').replace(/^\ufeff/, '');
  const trimmed = text.trimStart();
  if (trimmed === '') throw new IngestionError(IngestionErrorCode.EMPTY_INPUT, 'empty file');

  if (TEXT_EXTENSIONS.has(ext)) return { format: 'txt', shape: 'text', kind: 'corpus' };
  const first = trimmed[0];
  if (first === '[') {
    if (JSONL_EXTENSIONS.has(ext)) fail('a .jsonl file must hold one JSON object per line');
    const shape = shapeOfRecordText(trimmed.slice(1).trimStart());
    if (!shape) fail('the JSON array holds no records of a known shape');
    return { format: 'json', shape, kind: KIND_OF_SHAPE[shape] };
  }
  if (first === '{') {
    const firstLine = trimmed.split('\n', 1)[0] ?? '';
    const shape = shapeOfRecordText(firstLine);
    if (!shape) {
      fail(
        'the first record has no known shape: expected {"text"}, {"messages"}, ' +
          '{"instruction","input","output"}, {"question","choices","answer"} or {"prompt","expect"}',
      );
    }
    return { format: 'jsonl', shape, kind: KIND_OF_SHAPE[shape] };
  }
  if (JSONL_EXTENSIONS.has(ext) || JSON_EXTENSIONS.has(ext)) {
    fail(`expected JSON records but the file starts with "${trimmed.slice(0, 20)}"`);
  }
  return { format: 'txt', shape: 'text', kind: 'corpus' };
}

/** Reads the head of a file and detects its format. */
export async function detectFileFormat(path: string): Promise<DetectedFormat> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return detectFormat(buffer.subarray(0, bytesRead), path);
  } finally {
    await handle.close();
  }
}
