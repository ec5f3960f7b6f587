import { createReadStream } from 'node:fs';
import type { DatasetRecord } from '../records/record.types';
import { readLines } from './line-reader';

export interface RecordPreview {
  records: DatasetRecord[];
  /** True when records remain after the ones returned. */
  more: boolean;
}

/**
 * Reads records `offset` to `offset + limit` of a cleaned JSONL dataset, stopping as soon as it
 * has them: a preview page costs the bytes before it, never the whole file.
 */
export async function previewRecords(
  path: string,
  limit: number,
  offset = 0,
): Promise<RecordPreview> {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  const records: DatasetRecord[] = [];
  let index = 0;
  try {
    for await (const item of readLines(stream, { maxLineBytes: 64 * 1024 * 1024 })) {
      if (item.kind !== 'line' || item.text === '') continue;
      if (index >= offset + limit) return { records, more: true };
      if (index >= offset) records.push(JSON.parse(item.text) as DatasetRecord);
      index++;
    }
    return { records, more: false };
  } finally {
    stream.destroy();
  }
}
