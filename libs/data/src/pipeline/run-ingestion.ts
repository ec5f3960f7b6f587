import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ExactDeduper } from '../dedup/exact-dedup';
import { LshIndex } from '../dedup/lsh-index';
import { MinHasher } from '../dedup/minhash';
import { IngestionError, IngestionErrorCode } from '../ingestion.errors';
import type { DetectedFormat } from '../io/format-detector';
import { SNIFF_BYTES, detectFormat } from '../io/format-detector';
import { OutputWriter } from '../io/output-writer';
import type { RawItem } from '../io/record-source';
import { readItems } from '../io/record-source';
import { scrubPii } from '../pii/pii-scrubber';
import { checkQuality } from '../quality/quality-filter';
import { resolveQuality } from '../quality/quality-thresholds';
import { redactText } from '../pii/redact-text';
import {
  dedupKey,
  mapAllStrings,
  mapTexts,
  structuralProblem,
  textView,
  textsOf,
} from '../records/record-ops';
import { toRecord } from '../records/record-shapes';
import type { DatasetKind, DatasetRecord, RecordShape } from '../records/record.types';
import { normalizeText } from '../text/normalize-text';
import { createTokenCounter } from '../tokenizer/text-tokenizer';
import type { IngestionReport, ResolvedIngestionSettings } from './ingestion-report.types';
import type { RunIngestionParams } from './ingestion-options';
import {
  DEFAULT_MAX_LINE_BYTES,
  DEFAULT_MAX_RECORD_CHARS,
  resolveDedup,
} from './ingestion-options';
import type { CleanerContext, RecordCleaner } from './record-cleaner';
import { isRejection } from './record-cleaner';
import { ReportCollector } from './report-collector';

const SHAPE_OF_KIND: Record<DatasetKind, RecordShape> = {
  corpus: 'text',
  chat: 'chat',
  multiple_choice: 'multiple_choice',
  safety: 'safety',
};

/** Reads the first bytes for format detection and hands back a source that replays them. */
async function peek(
  source: AsyncIterable<Buffer | string>,
  bytes: number,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer | string> }> {
  const it = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < bytes) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    chunks.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(chunks).subarray(0, bytes);
  async function* rest(): AsyncGenerator<Buffer | string> {
    try {
      yield* chunks;
      chunks.length = 0;
      while (!ended) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await it.return?.();
    }
  }
  return { head, rest: rest() };
}

function resolveFormat(
  params: RunIngestionParams,
  head: Buffer,
  fileName?: string,
): DetectedFormat {
  if (params.format && params.kind) {
    if (head.length === 0) throw new IngestionError(IngestionErrorCode.EMPTY_INPUT, 'empty file');
    return { format: params.format, kind: params.kind, shape: SHAPE_OF_KIND[params.kind] };
  }
  const detected = params.format === 'txt' ? undefined : detectFormat(head, fileName);
  const format = params.format ?? detected?.format ?? 'txt';
  const kind = params.kind ?? detected?.kind ?? 'corpus';
  const shape = detected && detected.kind === kind ? detected.shape : SHAPE_OF_KIND[kind];
  if (format === 'txt' && kind !== 'corpus') {
    throw new IngestionError(
      IngestionErrorCode.INVALID_OPTIONS,
      `a .txt file holds a corpus, not ${kind}`,
    );
  }
  return { format, kind, shape };
}

type Step = { ok: true; record: DatasetRecord } | { ok: false; reason: string; detail?: string };

async function runCleaners(
  record: DatasetRecord,
  cleaners: readonly RecordCleaner[],
  ctx: CleanerContext,
): Promise<Step> {
  let current = record;
  for (const cleaner of cleaners) {
    try {
      const result = await cleaner.clean(current, ctx);
      if (isRejection(result))
        return { ok: false, reason: `plugin:${cleaner.name}:${result.reject}` };
      const checked = toRecord(result, ctx.kind);
      if (!checked.ok) {
        return { ok: false, reason: `cleaner_error:${cleaner.name}`, detail: checked.detail };
      }
      current = checked.record;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: `cleaner_error:${cleaner.name}`, detail };
    }
  }
  return { ok: true, record: current };
}

/**
 * Reads a dataset file or stream, cleans it and writes the kept records as JSONL. Order per
 * record: parse and shape check, Unicode and whitespace normalisation, structural checks,
 * quality rules, plugin cleaners, PII scrubbing, exact then near de-duplication, token count.
 * Bad records are counted in the report; only a file that cannot be read at all throws an
 * `IngestionError` (empty, unknown format, nothing parseable - naming the first bad line).
 */
export async function runIngestion(params: RunIngestionParams): Promise<IngestionReport> {
  const startedAt = new Date();
  const o = params.options ?? {};
  const dedup = resolveDedup(o.dedup);
  const cleaners = params.cleaners ?? [];
  const counter = { bytesRead: 0 };
  const isPath = typeof params.input === 'string';
  const totalBytes = typeof params.input === 'string' ? (await stat(params.input)).size : null;
  const source =
    typeof params.input === 'string'
      ? createReadStream(params.input, { highWaterMark: 1024 * 1024 })
      : params.input;
  const fileName = typeof params.input === 'string' ? params.input : params.fileName;

  const { head, rest } = await peek(source, SNIFF_BYTES);
  let detected: DetectedFormat;
  try {
    detected = resolveFormat(params, head, fileName);
  } catch (error) {
    if (isPath) (source as ReturnType<typeof createReadStream>).destroy();
    throw error;
  }
  const { format, kind, shape } = detected;
  const quality = o.quality === false ? null : resolveQuality(kind, o.domain, o.quality);
  const form = o.normalization ?? 'NFC';
  const scrub = o.pii ?? true;
  const maxLineBytes = o.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const maxRecordChars = o.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const tokens = createTokenCounter(params.tokenizer);
  const collector = new ReportCollector(o.examplesPerReason ?? 5, o.sampleCount ?? 5);
  const exact = new ExactDeduper();
  const hasher = new MinHasher({ numPerm: dedup.numPerm, shingleSize: dedup.shingleSize });
  const lsh = new LshIndex(dedup.numPerm, dedup.threshold);
  const lshLines: number[] = [];
  const writer = new OutputWriter(params.output);
  const settings: ResolvedIngestionSettings = {
    normalization: form,
    domain: o.domain ?? null,
    txtMode: o.txtMode ?? 'paragraph',
    quality,
    dedup: { ...dedup, ...lsh.params },
    pii: scrub,
    cleaners: cleaners.map((c) => c.name),
    maxLineBytes,
    maxRecordChars,
  };

  const interval = o.progressIntervalMs ?? 500;
  let lastProgress = Date.now();
  const progress = (done: boolean): void => {
    params.onProgress?.({
      bytesRead: counter.bytesRead,
      totalBytes,
      recordsIn: collector.recordsIn,
      recordsOut: collector.recordsOut,
      done,
    });
  };

  const processItem = async (item: RawItem): Promise<void> => {
    const { line } = item;
    if (item.kind === 'bad') {
      collector.reject(item.reason, line, item.detail, item.raw);
      collector.firstParseFailure ??= { line, detail: `${item.reason}: ${item.detail}` };
      return;
    }
    let original: DatasetRecord;
    if (item.kind === 'text') {
      original = { text: item.text };
    } else {
      const shaped = toRecord(item.value, kind);
      if (!shaped.ok) {
        collector.reject(shaped.reason, line, shaped.detail, item.raw);
        collector.firstParseFailure ??= { line, detail: `${shaped.reason}: ${shaped.detail}` };
        return;
      }
      original = shaped.record;
      if (shaped.converted) collector.converted++;
    }
    collector.parsedRecords++;
    const excerpt = (): string => (item.kind === 'text' ? item.text : item.raw);

    let record = mapTexts(original, kind, (t) => normalizeText(t, form));
    const problem = structuralProblem(record, kind);
    if (problem) return collector.reject(problem.reason, line, problem.detail, excerpt());
    if (quality) {
      const q = checkQuality(textView(record, kind), quality);
      if (!q.ok) return collector.reject(q.reason, line, q.detail, excerpt());
      if (kind === 'corpus') {
        record = { text: q.text };
        collector.linesRemoved += q.removedLines;
      }
    }
    if (cleaners.length > 0) {
      const cleaned = await runCleaners(record, cleaners, { kind, line, domain: o.domain });
      if (!cleaned.ok) return collector.reject(cleaned.reason, line, cleaned.detail, excerpt());
      record = cleaned.record;
      const after = structuralProblem(record, kind);
      if (after) return collector.reject(after.reason, line, after.detail, excerpt());
    }
    if (scrub) {
      let found = 0;
      record = mapAllStrings(record, kind, (t) => {
        const r = scrubPii(t, collector.pii.byType);
        found += r.found;
        return r.text;
      });
      if (found > 0) {
        collector.pii.total += found;
        collector.pii.recordsAffected++;
      }
    }
    const json = JSON.stringify(record);
    if (dedup.exact) {
      const first = exact.check(dedupKey(record, kind), line);
      if (first !== undefined)
        return collector.duplicate('exact', { line, duplicateOfLine: first });
    }
    if (dedup.near) {
      const hit = lsh.query(hasher.signature(textView(record, kind)));
      if ('duplicateOf' in hit) {
        const duplicateOfLine = lshLines[hit.duplicateOf] ?? 0;
        const similarity = Math.round(hit.similarity * 1000) / 1000;
        return collector.duplicate('near', { line, duplicateOfLine, similarity });
      }
      lshLines.push(line);
    }
    let count = 0;
    for (const t of textsOf(record, kind)) count += tokens.count(t);
    collector.kept(count, line, () => JSON.stringify(original), json);
    await writer.write(json);
  };

  try {
    const items = readItems(rest, {
      format,
      txtMode: settings.txtMode,
      maxLineBytes,
      maxRecordChars,
      counter,
    });
    for await (const item of items) {
      collector.recordsIn++;
      if ((collector.recordsIn & 63) === 0) {
        if (o.signal?.aborted)
          throw new IngestionError(IngestionErrorCode.ABORTED, 'ingestion aborted');
        const now = Date.now();
        if (now - lastProgress >= interval) {
          lastProgress = now;
          progress(false);
        }
      }
      await processItem(item);
    }
    if (collector.recordsIn === 0) {
      throw new IngestionError(IngestionErrorCode.EMPTY_INPUT, 'the file holds no records');
    }
    if (collector.parsedRecords === 0 && collector.firstParseFailure) {
      const { line, detail } = collector.firstParseFailure;
      throw new IngestionError(
        IngestionErrorCode.UNPARSEABLE,
        `no record could be read: ${redactText(detail)}`,
        line,
      );
    }
    const sha256 = await writer.finish();
    progress(true);
    return collector.finish(
      {
        format,
        shape,
        kind,
        settings,
        bytesIn: counter.bytesRead,
        output: { path: writer.path, sha256, bytes: writer.bytes, records: writer.records },
      },
      tokens.name,
      startedAt,
    );
  } catch (error) {
    await writer.abort();
    if (isPath) (source as ReturnType<typeof createReadStream>).destroy();
    throw error;
  }
}
