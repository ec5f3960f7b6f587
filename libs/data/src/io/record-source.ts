import type { DatasetFormat } from '../records/record.types';
import { readJsonArray } from './json-array-reader';
import type { ByteCounter } from './line-reader';
import { readLines } from './line-reader';

/** How a `.txt` file is cut into documents. */
export type TxtMode = 'paragraph' | 'line';

/** One unit read from the file: a parsed JSON value, a text document, or a bad unit. */
export type RawItem =
  | { kind: 'json'; line: number; value: unknown; raw: string }
  | { kind: 'text'; line: number; text: string }
  | { kind: 'bad'; line: number; reason: string; detail: string; raw?: string };

export interface RecordSourceOptions {
  format: DatasetFormat;
  txtMode: TxtMode;
  maxLineBytes: number;
  maxRecordChars: number;
  counter: ByteCounter;
}

/**
 * V8 quotes the start of the bad input (`Unexpected token 'a', "ana.silva@"... is not valid
 * JSON`): a fragment of a value too short to be recognised as personal data, so it is dropped.
 */
const QUOTED_INPUT = /, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s;

function parseJson(text: string, line: number): RawItem {
  try {
    return { kind: 'json', line, value: JSON.parse(text) as unknown, raw: text };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'invalid JSON';
    const detail = message.replace(QUOTED_INPUT, ': not valid JSON');
    return { kind: 'bad', line, reason: 'invalid_json', detail, raw: text };
  }
}

async function* jsonlItems(
  source: AsyncIterable<Buffer | string>,
  o: RecordSourceOptions,
): AsyncGenerator<RawItem> {
  for await (const item of readLines(source, {
    maxLineBytes: o.maxLineBytes,
    counter: o.counter,
  })) {
    if (item.kind === 'bad') {
      yield { kind: 'bad', line: item.line, reason: item.reason, detail: `${item.bytes} bytes` };
    } else if (item.text.trim() !== '') {
      yield parseJson(item.text, item.line);
    }
  }
}

/**
 * Plain text. In paragraph mode (the default) documents are separated by blank lines, the way
 * prose and exported articles are laid out; a file without blank lines is then one document
 * per line only if `txtMode` is 'line'.
 */
async function* txtItems(
  source: AsyncIterable<Buffer | string>,
  o: RecordSourceOptions,
): AsyncGenerator<RawItem> {
  let lines: string[] = [];
  let chars = 0;
  let start = 0;
  let tooLong = false;
  const flush = (): RawItem | undefined => {
    const item: RawItem | undefined = tooLong
      ? { kind: 'bad', line: start, reason: 'record_too_long', detail: `${chars} characters` }
      : lines.length > 0
        ? { kind: 'text', line: start, text: lines.join('\n') }
        : undefined;
    lines = [];
    chars = 0;
    tooLong = false;
    return item;
  };
  for await (const item of readLines(source, {
    maxLineBytes: o.maxLineBytes,
    counter: o.counter,
  })) {
    if (item.kind === 'bad') {
      yield { kind: 'bad', line: item.line, reason: item.reason, detail: `${item.bytes} bytes` };
      continue;
    }
    const blank = item.text.trim() === '';
    if (o.txtMode === 'line' || blank) {
      const done = flush();
      if (done) yield done;
      if (blank) continue;
    }
    if (lines.length === 0 && !tooLong) start = item.line;
    chars += item.text.length + 1;
    if (chars > o.maxRecordChars) {
      tooLong = true;
      lines = [];
    } else if (!tooLong) {
      lines.push(item.text);
    }
  }
  const done = flush();
  if (done) yield done;
}

async function* jsonArrayItems(
  source: AsyncIterable<Buffer | string>,
  o: RecordSourceOptions,
): AsyncGenerator<RawItem> {
  const options = { maxRecordChars: o.maxRecordChars, counter: o.counter };
  for await (const item of readJsonArray(source, options)) {
    if (item.kind === 'bad') {
      yield {
        kind: 'bad',
        line: item.line,
        reason: item.reason,
        detail: `${item.bytes} characters`,
      };
    } else {
      yield parseJson(item.text, item.line);
    }
  }
}

export function readItems(
  source: AsyncIterable<Buffer | string>,
  options: RecordSourceOptions,
): AsyncGenerator<RawItem> {
  switch (options.format) {
    case 'txt':
      return txtItems(source, options);
    case 'jsonl':
      return jsonlItems(source, options);
    case 'json':
      return jsonArrayItems(source, options);
  }
}
