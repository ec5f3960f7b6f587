import { IngestionError, IngestionErrorCode } from '../ingestion.errors';
import { TextDecoder } from 'node:util';
import type { ByteCounter } from './line-reader';

export type ArrayElementItem =
  | { kind: 'element'; line: number; text: string }
  | { kind: 'bad'; line: number; reason: 'record_too_long'; bytes: number };

export interface JsonArrayReaderOptions {
  /** Characters of one element kept; a longer element is skipped and reported. */
  maxRecordChars: number;
  counter?: ByteCounter;
}

type ReaderState = 'start' | 'between' | 'element' | 'end';

const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === LF || c === 0x0d || c === 0x09 || c === 0xfeff;
}

function decodeChunk(decoder: TextDecoder, raw: Buffer | undefined, line: number): string {
  try {
    return raw === undefined ? decoder.decode() : decoder.decode(raw, { stream: true });
  } catch {
    throw new IngestionError(IngestionErrorCode.UNPARSEABLE, 'invalid UTF-8 in JSON array', line);
  }
}

/**
 * Streams the elements of a top-level JSON array (Alpaca files are one big array) without
 * parsing the whole document: it tracks only string and bracket state, so memory stays at one
 * element. Each element's text is handed on for `JSON.parse`, so a bad element is one rejected
 * record; a broken outer structure stops the read with an error naming the line.
 */
export async function* readJsonArray(
  source: AsyncIterable<Buffer | string>,
  options: JsonArrayReaderOptions,
): AsyncGenerator<ArrayElementItem> {
  const counter = options.counter ?? { bytesRead: 0 };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let state = 'start' as ReaderState;
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementLine = 0;
  let parts: string[] = [];
  let size = 0;
  let oversize = false;

  const fail = (message: string): never => {
    throw new IngestionError(IngestionErrorCode.UNPARSEABLE, message, line);
  };

  for await (const raw of source) {
    if (typeof raw !== 'string') counter.bytesRead += raw.length;
    const chunk = typeof raw === 'string' ? raw : decodeChunk(decoder, raw, line);
    // An element that began in an earlier chunk continues from this chunk's first character.
    let segStart = state === 'element' ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          else if (c === LF) line++;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_CURLY || c === OPEN_SQUARE) depth++;
        else if (c === CLOSE_CURLY || (c === CLOSE_SQUARE && depth > 0)) depth--;
        else if (c === LF) line++;
        if (depth === 0 && (c === COMMA || c === CLOSE_SQUARE)) {
          if (segStart >= 0 && !oversize) parts.push(chunk.slice(segStart, i));
          segStart = -1;
          if (oversize) {
            yield { kind: 'bad', line: elementLine, reason: 'record_too_long', bytes: size };
          } else {
            yield { kind: 'element', line: elementLine, text: parts.join('').trim() };
          }
          parts = [];
          size = 0;
          oversize = false;
          state = c === COMMA ? 'between' : 'end';
        } else if (depth < 0) {
          fail('unbalanced brackets in JSON array');
        }
        continue;
      }
      if (c === LF) line++;
      if (isSpace(c)) continue;
      if (state === 'start') {
        if (c !== OPEN_SQUARE) fail('expected a JSON array starting with "["');
        state = 'between';
      } else if (state === 'between') {
        if (c === CLOSE_SQUARE) {
          state = 'end';
          continue;
        }
        state = 'element';
        elementLine = line;
        depth = c === OPEN_CURLY || c === OPEN_SQUARE ? 1 : 0;
        inString = c === QUOTE;
        segStart = i;
      } else if (state === 'end') {
        fail('unexpected content after the end of the JSON array');
      }
    }
    if (state === 'element' && segStart >= 0) {
      size += chunk.length - segStart;
      if (!oversize && size > options.maxRecordChars) {
        oversize = true;
        parts = [];
      } else if (!oversize) {
        parts.push(chunk.slice(segStart));
      }
    }
  }
  decodeChunk(decoder, undefined, line);
  // Read through a cast: the compiler narrows `state` as if the loop never ran.
  const final = state;
  if (final === 'start') throw new IngestionError(IngestionErrorCode.EMPTY_INPUT, 'empty file');
  if (final !== 'end') fail('the JSON array is not closed');
}
