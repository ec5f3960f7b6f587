import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestionError, IngestionErrorCode } from '../ingestion.errors';
import type { CorpusRecord } from '../records/record.types';
import type { RunIngestionParams } from './ingestion-options';
import type { IngestionProgress } from './ingestion-report.types';
import type { RecordCleaner } from './record-cleaner';
import { previewRecords } from '../io/record-preview';
import { runIngestion } from './run-ingestion';

const dir = mkdtempSync(join(tmpdir(), 'alloy-data-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EN =
  'The central bank kept its policy rate unchanged this quarter, and most analysts said that the ' +
  'decision reflected a careful balance between growth and inflation.';
const ZH =
  '中国人民银行本季度维持政策利率不变，多数分析人士认为这一决定体现了稳增长与控通胀之间的平衡。';

let n = 0;
function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, content);
  return path;
}

function out(): string {
  return join(dir, `${n++}-out.jsonl`);
}

async function ingest(input: string, extra: Partial<RunIngestionParams> = {}) {
  const output = out();
  const report = await runIngestion({ input, output, ...extra });
  const lines = readFileSync(output, 'utf8').split('\n').filter(Boolean);
  return { report, records: lines.map((l) => JSON.parse(l) as unknown), output };
}

async function failure(promise: Promise<unknown>): Promise<IngestionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestionError);
  return error as IngestionError;
}

describe('runIngestion: formats', () => {
  it('reads .txt as blank-line separated documents, or one per line', async () => {
    const path = file(
      'c.txt',
      `${EN}\nsecond line of the same document and the rest.\n\n\n${ZH}\n`,
    );
    const { report, records } = await ingest(path);
    expect(report).toMatchObject({ format: 'txt', kind: 'corpus', recordsIn: 2, recordsOut: 2 });
    expect((records[0] as CorpusRecord).text).toContain('\nsecond line');
    const lines = await ingest(path, { options: { txtMode: 'line', quality: false } });
    expect(lines.report.recordsIn).toBe(3);
  });

  it('converts Alpaca JSON arrays and JSONL to chat records', async () => {
    const alpaca = [
      {
        instruction: 'Explain duration.',
        input: '',
        output: 'Duration measures rate sensitivity.',
      },
      {
        instruction: '解释久期。',
        input: '面向初学者',
        output: '久期衡量债券价格对利率的敏感度。',
      },
    ];
    const json = await ingest(file('a.json', JSON.stringify(alpaca, null, 2)));
    expect(json.report).toMatchObject({
      format: 'json',
      shape: 'alpaca',
      kind: 'chat',
      recordsOut: 2,
      converted: 2,
    });
    expect(json.records[1]).toEqual({
      messages: [
        { role: 'user', content: '解释久期。\n\n面向初学者' },
        { role: 'assistant', content: '久期衡量债券价格对利率的敏感度。' },
      ],
    });
    const jsonl = await ingest(file('a.jsonl', alpaca.map((a) => JSON.stringify(a)).join('\n')));
    expect(jsonl.records).toEqual(json.records);
  });

  it('validates multiple-choice records and converts answer letters', async () => {
    const rows = [
      {
        question: 'Which is a liability?',
        choices: ['Loan taken', 'Cash', 'Stock'],
        answer: 0,
        subject: 'finance',
      },
      { question: '下列哪项是资产？', choices: ['现金', '应付账款'], answer: 'A', id: 7 },
      { question: 'Bad answer', choices: ['a', 'b'], answer: 5 },
      { question: 'Same choices', choices: ['a', 'a'], answer: 0 },
    ];
    const { report, records } = await ingest(
      file('mc.jsonl', rows.map((r) => JSON.stringify(r)).join('\n')),
    );
    expect(report.kind).toBe('multiple_choice');
    expect(records).toEqual([
      rows[0],
      { question: '下列哪项是资产？', choices: ['现金', '应付账款'], answer: 0, id: '7' },
    ]);
    expect(report.rejected.byReason['wrong_shape']?.examples[0]?.line).toBe(3);
    expect(report.rejected.byReason['mc_duplicate_choices']?.examples[0]?.line).toBe(4);
  });

  it('checks chat structure', async () => {
    const rows = [
      {
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello, how can I help?' },
        ],
      },
      { messages: [{ role: 'user', content: 'Only a question' }] },
      {
        messages: [
          { role: 'user', content: '   ' },
          { role: 'assistant', content: 'x' },
        ],
      },
      { messages: [{ role: 'robot', content: 'x' }] },
    ];
    const { report } = await ingest(
      file('chat.jsonl', rows.map((r) => JSON.stringify(r)).join('\n')),
    );
    expect(report.recordsOut).toBe(1);
    expect(Object.keys(report.rejected.byReason).sort()).toEqual([
      'chat_structure',
      'empty_message',
      'wrong_shape',
    ]);
  });
});

describe('runIngestion: bad input gives a report or a clear error, never a crash', () => {
  it('reports invalid JSON, wrong shapes and invalid UTF-8 with line numbers', async () => {
    const good = JSON.stringify({ text: EN });
    const content = Buffer.concat([
      Buffer.from(`${good}\n{not json\n{"txt": "wrong key"}\n[1,2]\n`),
      Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
      Buffer.from(`${JSON.stringify({ text: ZH })}\n`),
    ]);
    const { report } = await ingest(file('bad.jsonl', content));
    expect(report.recordsIn).toBe(6);
    expect(report.recordsOut).toBe(2);
    const at = (reason: string) => report.rejected.byReason[reason]?.examples.map((e) => e.line);
    expect(at('invalid_json')).toEqual([2]);
    expect(at('wrong_shape')).toEqual([3, 4]);
    expect(at('invalid_utf8')).toEqual([5]);
  });

  it('drops a 50 MB single line without buffering it and reads on', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const path = file(
      'huge.jsonl',
      Buffer.concat([
        Buffer.from(`${JSON.stringify({ text: EN })}\n{"text":"`),
        huge,
        Buffer.from(`"}\n${JSON.stringify({ text: ZH })}\n`),
      ]),
    );
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const { report } = await ingest(path, {
      options: { maxLineBytes: 1024 * 1024, progressIntervalMs: 0 },
      onProgress: () => (peak = Math.max(peak, process.memoryUsage().heapUsed)),
    });
    expect(report.rejected.byReason['line_too_long']?.examples[0]).toMatchObject({ line: 2 });
    expect(report.recordsOut).toBe(2);
    expect(peak - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('throws clear errors for empty files, unknown formats and binary data', async () => {
    expect((await failure(ingest(file('empty.jsonl', '')))).code).toBe(
      IngestionErrorCode.EMPTY_INPUT,
    );
    expect((await failure(ingest(file('blank.txt', '\n \n\t\n')))).code).toBe(
      IngestionErrorCode.EMPTY_INPUT,
    );
    expect((await failure(ingest(file('data.csv', 'a,b\n1,2\n')))).code).toBe(
      IngestionErrorCode.UNKNOWN_FORMAT,
    );
    const binary = await failure(
      ingest(file('blob', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]))),
    );
    expect(binary.code).toBe(IngestionErrorCode.UNKNOWN_FORMAT);
    expect((await failure(ingest(file('x.jsonl', '{"foo": 1}\n')))).code).toBe(
      IngestionErrorCode.UNKNOWN_FORMAT,
    );
  });

  it('names the line when nothing in the file can be parsed', async () => {
    const error = await failure(
      ingest(file('broken.jsonl', '{"text": "a"\n{"text": "b"\n'), { kind: 'corpus' }),
    );
    expect(error.code).toBe(IngestionErrorCode.UNPARSEABLE);
    expect(error.line).toBe(1);
    expect(error.message).toContain('line 1');
    const array = await failure(
      ingest(
        file(
          'broken.json',
          '[\n {"instruction": "a", "output": "b"},\n {"instruction": "c", "output": "d"}\n} trailing',
        ),
      ),
    );
    expect(array.code).toBe(IngestionErrorCode.UNPARSEABLE);
    expect(array.line).toBe(4);
  });

  it('leaves no half-written output behind when it fails', async () => {
    const before = readdirSync(dir).length;
    await failure(ingest(file('broken2.jsonl', '{"text": \n'), { kind: 'corpus' }));
    // One input file was added; no output or temporary file remains.
    expect(readdirSync(dir).length).toBe(before + 1);
  });
});

describe('runIngestion: cleaning, cleaners, progress and output', () => {
  const docs = [
    EN,
    EN,
    `  ${EN.replace(/ /g, '  ')}  `,
    ZH,
    `${ZH.slice(0, -1)}！`,
    `${EN} Mail li.ming@example.com or call 13800138000.`,
  ];

  it('removes exact and near duplicates and scrubs PII, with examples', async () => {
    const path = file('dups.jsonl', docs.map((text) => JSON.stringify({ text })).join('\n'));
    const { report, records } = await ingest(path, { options: { quality: false } });
    expect(report.duplicates.exact).toEqual({
      count: 2,
      examples: [
        { line: 2, duplicateOfLine: 1 },
        { line: 3, duplicateOfLine: 1 },
      ],
    });
    expect(report.duplicates.near.count).toBe(2);
    expect(report.duplicates.near.examples.map((e) => e.line)).toEqual([5, 6]);
    // PII is scrubbed before de-duplication, so it is counted even in a record dropped later.
    expect(report.pii.byType).toMatchObject({ EMAIL: 1, PHONE: 1 });
    expect(records).toHaveLength(2);
    expect(report.recordsIn).toBe(
      report.recordsOut +
        report.rejected.total +
        report.duplicates.exact.count +
        report.duplicates.near.count,
    );
  });

  it('runs plugin cleaners in order and survives a cleaner that throws', async () => {
    const seen: string[] = [];
    const cleaners: RecordCleaner[] = [
      {
        name: 'tagger',
        clean: (r) => (seen.push('tagger'), { text: `${(r as CorpusRecord).text} [checked]` }),
      },
      {
        name: 'no-zh',
        clean: async (r, ctx) => (
          seen.push(`no-zh:${ctx.line}`),
          /[\u4e00-\u9fff]/.test((r as CorpusRecord).text) ? { reject: 'chinese' } : r
        ),
      },
      {
        name: 'boom',
        clean: (r) => {
          if ((r as CorpusRecord).text.includes('Mail')) throw new Error('boom');
          return r;
        },
      },
    ];
    const path = file(
      'cleaners.jsonl',
      [EN, ZH, `${ZH.slice(0, 10)} Mail x`].map((text) => JSON.stringify({ text })).join('\n'),
    );
    const { report, records } = await ingest(path, {
      cleaners,
      options: { quality: false, dedup: { near: false } },
    });
    expect(records).toEqual([{ text: `${EN} [checked]` }]);
    expect(seen.slice(0, 2)).toEqual(['tagger', 'no-zh:1']);
    expect(report.rejected.byReason['plugin:no-zh:chinese']?.count).toBe(2);
    expect(report.settings.cleaners).toEqual(['tagger', 'no-zh', 'boom']);
    const bad: RecordCleaner = {
      name: 'shape',
      clean: () => ({ messages: [] }),
    };
    const shaped = await ingest(path, { cleaners: [bad], options: { quality: false } });
    expect(shaped.report.rejected.byReason['cleaner_error:shape']?.count).toBe(3);
  });

  it('reports progress and returns the sha256 of what it wrote, to a file or a stream', async () => {
    const path = file(
      'progress.jsonl',
      Array.from({ length: 300 }, (_, i) => JSON.stringify({ text: `${EN} Item ${i}.` })).join(
        '\n',
      ),
    );
    const events: IngestionProgress[] = [];
    const { report, output } = await ingest(path, {
      onProgress: (p) => events.push(p),
      options: { progressIntervalMs: 0, dedup: { near: false } },
    });
    expect(events.at(-1)).toMatchObject({
      done: true,
      recordsIn: 300,
      recordsOut: 300,
      totalBytes: report.bytesIn,
    });
    expect(events.length).toBeGreaterThan(2);
    expect(events.every((e, i) => i === 0 || e.recordsIn >= events[i - 1].recordsIn)).toBe(true);
    const bytes = readFileSync(output);
    expect(report.output.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
    const streamed = await runIngestion({
      input: Readable.from([readFileSync(path)]),
      fileName: 'upload.jsonl',
      output: sink,
      options: { dedup: { near: false } },
    });
    expect(streamed.output).toMatchObject({ path: null, sha256: report.output.sha256 });
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('counts tokens with the tokenizer it is given', async () => {
    const path = file('tok.jsonl', [EN, ZH].map((text) => JSON.stringify({ text })).join('\n'));
    const tokenizer = {
      name: 'chars',
      encode: (t: string) => Array.from(t, (c) => c.charCodeAt(0)),
    };
    const { report } = await ingest(path, { tokenizer });
    expect(report.tokens).toMatchObject({
      tokenizer: 'chars',
      total: EN.length + ZH.length,
      max: EN.length,
      min: ZH.length,
    });
    expect(report.lengthHistogram.buckets.reduce((s, b) => s + b.count, 0)).toBe(2);
    const fallback = await ingest(path);
    expect(fallback.report.tokens.tokenizer).toBe('fallback:words');
  });

  it('serves a preview page of the output', async () => {
    const path = file(
      'preview.jsonl',
      Array.from({ length: 30 }, (_, i) => JSON.stringify({ text: `${EN} Item ${i}.` })).join('\n'),
    );
    const { output } = await ingest(path, { options: { dedup: { near: false } } });
    const page = await previewRecords(output, 5, 10);
    expect(page.more).toBe(true);
    expect(page.records.map((r) => (r as CorpusRecord).text.slice(-9))).toEqual(
      ['Item 10.', 'Item 11.', 'Item 12.', 'Item 13.', 'Item 14.'].map((s) => ` ${s}`),
    );
    expect((await previewRecords(output, 50)).more).toBe(false);
  });

  it('stops when aborted and removes the partial output', async () => {
    const path = file(
      'abort.jsonl',
      Array.from({ length: 500 }, (_, i) => JSON.stringify({ text: `${EN} Item ${i}.` })).join(
        '\n',
      ),
    );
    const controller = new AbortController();
    controller.abort();
    const before = readdirSync(dir).length;
    const error = await failure(ingest(path, { options: { signal: controller.signal } }));
    expect(error.code).toBe(IngestionErrorCode.ABORTED);
    expect(readdirSync(dir).length).toBe(before);
  });
});
