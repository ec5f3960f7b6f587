import { describe, expect, it } from 'vitest';
import { IngestionError } from '../ingestion.errors';
import { detectFormat } from './format-detector';
import { readJsonArray } from './json-array-reader';
import { readLines } from './line-reader';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of it) out.push(item);
  return out;
}

/** Splits a buffer into chunks of `size` bytes, cutting through characters and lines. */
async function* chunks(data: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

describe('readLines', () => {
  it('joins lines and multi-byte characters cut across chunks', async () => {
    const text = '\ufeff第一行 first\r\nsecond 第二\n\nlast';
    for (const size of [1, 2, 3, 7, 100]) {
      const lines = await collect(readLines(chunks(text, size), { maxLineBytes: 1000 }));
      expect(lines).toEqual([
        { kind: 'line', line: 1, text: '第一行 first' },
        { kind: 'line', line: 2, text: 'second 第二' },
        { kind: 'line', line: 3, text: '' },
        { kind: 'line', line: 4, text: 'last' },
      ]);
    }
  });

  it('reports an over-long line and a line of invalid UTF-8, then reads on', async () => {
    const data = Buffer.concat([
      Buffer.from(`${'x'.repeat(5000)}\n`),
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from('ok\n'),
    ]);
    const counter = { bytesRead: 0 };
    const lines = await collect(readLines(chunks(data, 64), { maxLineBytes: 100, counter }));
    expect(lines).toEqual([
      { kind: 'bad', line: 1, reason: 'line_too_long', bytes: 5000 },
      { kind: 'bad', line: 2, reason: 'invalid_utf8', bytes: 2 },
      { kind: 'line', line: 3, text: 'ok' },
    ]);
    expect(counter.bytesRead).toBe(data.length);
  });
});

describe('readJsonArray', () => {
  it('yields each element with its starting line, across any chunking', async () => {
    const json =
      '[\n  {"instruction": "a ] , {", "output": "x\\"y"},\n  {"instruction": "中文", "output": [1, {"z": 2}]}\n]\n';
    for (const size of [1, 5, 1000]) {
      const items = await collect(readJsonArray(chunks(json, size), { maxRecordChars: 1000 }));
      expect(items.map((i) => i.line)).toEqual([2, 3]);
      expect(items.map((i) => (i.kind === 'element' ? JSON.parse(i.text) : null))).toEqual([
        { instruction: 'a ] , {', output: 'x"y' },
        { instruction: '中文', output: [1, { z: 2 }] },
      ]);
    }
  });

  it('skips an over-long element and fails on a broken structure naming the line', async () => {
    const long = `[{"a": "${'x'.repeat(500)}"}, {"b": 1}]`;
    const items = await collect(readJsonArray(chunks(long, 16), { maxRecordChars: 100 }));
    expect(items.map((i) => i.kind)).toEqual(['bad', 'element']);
    await expect(
      collect(readJsonArray(chunks('[{"a": 1},\n{"b": 2}', 4), { maxRecordChars: 100 })),
    ).rejects.toThrow(/not closed \(line 2\)/);
    await expect(
      collect(readJsonArray(chunks('{"a": 1}', 4), { maxRecordChars: 100 })),
    ).rejects.toBeInstanceOf(IngestionError);
  });
});

describe('detectFormat', () => {
  const head = (s: string): Buffer => Buffer.from(s);
  it('detects containers and record shapes', () => {
    expect(detectFormat(head('{"text": "a"}\n'), 'x.jsonl')).toEqual({
      format: 'jsonl',
      shape: 'text',
      kind: 'corpus',
    });
    expect(detectFormat(head('{"messages": []}'))).toMatchObject({ format: 'jsonl', kind: 'chat' });
    expect(
      detectFormat(head('[{"instruction": "a", "input": "", "output": "b"}]'), 'a.json'),
    ).toEqual({
      format: 'json',
      shape: 'alpaca',
      kind: 'chat',
    });
    expect(detectFormat(head('{"question": "q", "choices": ["a"], "answer": 0}'))).toMatchObject({
      kind: 'multiple_choice',
    });
    expect(detectFormat(head('Plain prose.\n\nMore prose.'))).toMatchObject({
      format: 'txt',
      kind: 'corpus',
    });
    // A first record cut off by the end of the head is still recognised by its keys.
    expect(detectFormat(head('{"text": "very long and unfinished'))).toMatchObject({
      shape: 'text',
    });
  });

  it('refuses what it cannot read', () => {
    expect(() => detectFormat(head('a,b\n1,2'), 'x.csv')).toThrow(/unsupported file type/);
    expect(() => detectFormat(head('{"foo": 1}'), 'x.jsonl')).toThrow(/no known shape/);
    expect(() => detectFormat(head('just text'), 'x.jsonl')).toThrow(/expected JSON records/);
    expect(() => detectFormat(head('   \n'), 'x.txt')).toThrow(/empty/);
    expect(() => detectFormat(Buffer.from([0x00, 0x01, 0x02]), 'x.txt')).toThrow(/not UTF-8/);
  });
});
