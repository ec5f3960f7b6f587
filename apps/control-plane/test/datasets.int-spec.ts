import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, type Harness, startControlPlane, uniqueName } from './control-plane-harness';
import { createModel } from './registry-fixtures';

const SAMPLES = path.resolve(__dirname, '../../../libs/data/sample-data/finance');
const LIMIT_MB = 64;

interface Manifest {
  corpus: {
    exactDuplicates: number;
    normalisedDuplicates: number;
    nearDuplicates: number;
    pii: Record<string, number>;
    piiValues: string[];
  };
}

async function until<T>(fn: () => Promise<T>, done: (v: T) => boolean, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('datasets over REST', () => {
  let h: Harness;
  let client: ReturnType<typeof api>;

  /** Raw upload; `body` may be a stream (sent chunked). */
  const upload = async (
    dataset: string,
    body: RequestInit['body'],
    query = '',
    contentType = 'application/octet-stream',
  ) => {
    const response = await fetch(`${h.baseUrl}/api/v1/datasets/${dataset}/versions${query}`, {
      method: 'POST',
      // FormData bodies set their own multipart content type (with the boundary).
      headers: contentType ? { 'content-type': contentType, ...bearer() } : bearer(),
      body,
      duplex: 'half',
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

  const createDataset = async (kind: string, domain = 'finance') => {
    const name = uniqueName(`ds-${kind.replace('_', '-')}`);
    const res = await client.post('/api/v1/datasets', { name, kind, domain });
    expect(res.status).toBe(201);
    return name;
  };

  const waitFinished = (dataset: string, version: number) =>
    until(
      () => client.get(`/api/v1/datasets/${dataset}/versions/${version}`),
      (r) => r.body.status === 'ready' || r.body.status === 'failed',
    );

  /** Files left under a dataset's upload and version folders on the store. */
  const filesOf = async (dataset: string): Promise<string[]> => {
    try {
      const entries = await readdir(path.join(h.artifactRoot, 'datasets', dataset), {
        recursive: true,
        withFileTypes: true,
      });
      return entries.filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    h = await startControlPlane({ DATASET_UPLOAD_LIMIT: `${LIMIT_MB}mb` });
    client = api(h);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('creates, lists and gets datasets; 409 for a duplicate name, 404 for an unknown domain', async () => {
    const name = await createDataset('chat', 'medical');
    const again = await client.post('/api/v1/datasets', { name, kind: 'chat', domain: 'medical' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DATASET_EXISTS');
    const unknown = await client.post('/api/v1/datasets', {
      name: uniqueName('x'),
      kind: 'corpus',
      domain: uniqueName('nodomain'),
    });
    expect(unknown.status).toBe(404);
    const badKind = await client.post('/api/v1/datasets', {
      name: uniqueName('x'),
      kind: 'images',
      domain: 'finance',
    });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0].field).toBe('kind');

    const got = await client.get(`/api/v1/datasets/${name}`);
    expect(got.body).toMatchObject({
      name,
      kind: 'chat',
      domain: 'medical',
      latestVersion: null,
      latest: null,
    });
    const list = await client.get('/api/v1/datasets?domain=medical&kind=chat&limit=100');
    expect(list.body.items.map((d: { name: string }) => d.name)).toContain(name);
    expect(list.body.items.find((d: { name: string }) => d.name === name).latest).toBeNull();
    const other = await client.get('/api/v1/datasets?domain=finance&kind=chat&limit=100');
    expect(other.body.items.map((d: { name: string }) => d.name)).not.toContain(name);
    expect((await client.get(`/api/v1/datasets/${uniqueName('none')}`)).status).toBe(404);
  });

  it('ingests the finance samples: planted duplicates and PII removed, reports and previews served', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(SAMPLES, 'manifest.json'), 'utf8'),
    ) as Manifest;
    const corpus = await createDataset('corpus');
    const chat = await createDataset('chat');
    const mc = await createDataset('multiple_choice');

    const corpusBytes = await readFile(path.join(SAMPLES, 'corpus.raw.jsonl'));
    const up = await upload(corpus, corpusBytes, '?fileName=corpus.raw.jsonl');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ version: 1, status: 'uploaded', sourceFormat: 'jsonl' });
    expect(up.body.sourceBytes).toBe(corpusBytes.length);

    // Multipart, as a browser form sends it.
    const form = new FormData();
    form.append(
      'file',
      new Blob([await readFile(path.join(SAMPLES, 'instructions.jsonl'))]),
      'instructions.jsonl',
    );
    const chatUp = await upload(chat, form, '', '');
    expect(chatUp.status).toBe(201);
    const mcUp = await upload(mc, await readFile(path.join(SAMPLES, 'eval-mc.jsonl')));
    expect(mcUp.status).toBe(201);

    const done = await waitFinished(corpus, 1);
    expect(done.body.status).toBe('ready');
    expect(done.body.progress).toBeNull();
    expect(done.body.artifactKey).toBe(`datasets/${corpus}/v1/data.jsonl`);
    expect(done.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const report = (await client.get(`/api/v1/datasets/${corpus}/versions/1/report`)).body;
    const c = manifest.corpus;
    expect(report.duplicates.exact.count).toBeGreaterThanOrEqual(
      c.exactDuplicates + c.normalisedDuplicates,
    );
    expect(report.duplicates.near.count).toBeGreaterThanOrEqual(c.nearDuplicates - 2);
    for (const [type, count] of Object.entries(c.pii)) {
      expect(report.pii.byType[type], type).toBeGreaterThanOrEqual(count);
    }
    expect(report.settings.domain).toBe('finance');
    expect(report.recordsOut).toBe(done.body.recordCount);
    const cleaned = await readFile(path.join(h.artifactRoot, done.body.artifactKey), 'utf8');
    for (const value of c.piiValues) expect(cleaned).not.toContain(value);

    const preview = await client.get(`/api/v1/datasets/${corpus}/versions/1/preview?limit=3`);
    expect(preview.status).toBe(200);
    expect(preview.body.records).toHaveLength(3);
    expect(typeof preview.body.records[0].text).toBe('string');
    expect(preview.body.more).toBe(true);
    const byId = await client.get(
      `/api/v1/dataset-versions/${done.body.id}/preview?limit=2&offset=1`,
    );
    expect(byId.body.records[0]).toEqual(preview.body.records[1]);
    expect((await client.get(`/api/v1/dataset-versions/${done.body.id}/report`)).body).toEqual(
      report,
    );

    const chatDone = await waitFinished(chat, 1);
    expect(chatDone.body.status).toBe('ready');
    expect(chatDone.body.report.duplicates.exact.count).toBeGreaterThanOrEqual(6);
    const chatPreview = await client.get(`/api/v1/datasets/${chat}/versions/1/preview?limit=1`);
    expect(chatPreview.body.records[0].messages[0]).toHaveProperty('role');
    const mcDone = await waitFinished(mc, 1);
    expect(mcDone.body.status).toBe('ready');
    expect(mcDone.body.recordCount).toBeGreaterThanOrEqual(50);

    // The list carries each dataset's newest version: no request per row.
    const listed = await client.get('/api/v1/datasets?domain=finance&kind=corpus&limit=100');
    expect(listed.body.items.find((d: { name: string }) => d.name === corpus).latest).toEqual({
      version: 1,
      status: 'ready',
      recordCount: done.body.recordCount,
    });

    // Each upload is a new immutable version.
    expect((await upload(corpus, corpusBytes, '?fileName=corpus.jsonl')).body.version).toBe(2);
    const versions = await client.get(`/api/v1/datasets/${corpus}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const second = (await client.get(`/api/v1/datasets/${corpus}`)).body;
    expect(second.latestVersion).toBe(2);
    expect(second.latest.version).toBe(2);
    expect(['uploaded', 'processing', 'ready']).toContain(second.latest.status);

    // Training can use it.
    const { model } = await createModel(h, 'dsjob');
    const job = await client.post('/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [done.body.id],
    });
    expect(job.status).toBe(201);
    await client.post(`/api/v1/jobs/${job.body.id}/cancel`);
  });

  it('refuses bad uploads with a clear 4xx and leaves no version and no file behind', async () => {
    const name = await createDataset('corpus');
    const cases: [string, () => ReturnType<typeof upload>, number, string][] = [
      ['empty', () => upload(name, Buffer.alloc(0)), 400, 'EMPTY_FILE'],
      ['blank', () => upload(name, '\n \n\t\n', '?fileName=a.txt'), 400, 'EMPTY_FILE'],
      [
        'not UTF-8',
        () => upload(name, Buffer.from(Array.from({ length: 4096 }, (_, i) => 0x80 + (i % 60)))),
        400,
        'UNKNOWN_FORMAT',
      ],
      [
        'unknown type',
        () => upload(name, 'a,b\n1,2\n', '?fileName=data.csv'),
        400,
        'UNKNOWN_FORMAT',
      ],
      [
        'unknown shape',
        () => upload(name, '{"foo": 1}\n{"foo": 2}\n', '?fileName=a.jsonl'),
        400,
        'UNKNOWN_FORMAT',
      ],
      [
        'wrong kind',
        () => upload(name, '{"messages":[{"role":"user","content":"hi"}]}\n'),
        400,
        'WRONG_DATASET_KIND',
      ],
      [
        'path in name',
        () => upload(name, 'text\n', '?fileName=../../etc/passwd'),
        400,
        'INVALID_FILE_NAME',
      ],
      ['dot name', () => upload(name, 'text\n', '?fileName=..'), 400, 'INVALID_FILE_NAME'],
      [
        'path in multipart name',
        () => {
          const form = new FormData();
          form.append('file', new Blob(['some text\n']), '../x.txt');
          return upload(name, form, '', '');
        },
        400,
        'INVALID_FILE_NAME',
      ],
      ['bad format', () => upload(name, 'text\n', '?format=csv'), 400, 'VALIDATION_FAILED'],
      [
        'json body',
        () => upload(name, '{"text":"a"}', '', 'application/json'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'over the limit (declared)',
        () => upload(name, Buffer.alloc(LIMIT_MB * 1024 * 1024 + 1, 0x61)),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'over the limit (streamed)',
        () =>
          upload(
            name,
            chunks(LIMIT_MB + 1, () => Buffer.alloc(1024 * 1024, 0x61)),
          ),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
    ];
    for (const [label, send, status, code] of cases) {
      const res = await send();
      expect(res.status, label).toBe(status);
      expect(res.body.error.code, label).toBe(code);
      expect(res.body.error.message.length, label).toBeGreaterThan(5);
    }
    expect((await client.get(`/api/v1/datasets/${name}/versions`)).body.items).toEqual([]);
    expect(await filesOf(name)).toEqual([]);
  });

  it('reports bad records by line and fails a file with nothing readable, naming the line', async () => {
    const name = await createDataset('corpus');
    const good = (i: number) =>
      JSON.stringify({
        text: `The central bank kept its policy rate unchanged in quarter ${i}, and analysts expect lending growth to slow as banks tighten credit standards for small firms and households.`,
      });
    const body = Buffer.concat([
      Buffer.from(`${good(1)}\n{"text": "broken\n{"foo": "bar"}\n`),
      Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
      Buffer.from(`${good(2)}\n`),
    ]);
    const up = await upload(name, body, '?fileName=mixed.jsonl');
    expect(up.status).toBe(201);
    const done = await waitFinished(name, 1);
    expect(done.body.status).toBe('ready');
    const byReason = done.body.report.rejected.byReason;
    expect(byReason.invalid_json.examples[0].line).toBe(2);
    expect(byReason.wrong_shape.examples[0].line).toBe(3);
    expect(byReason.invalid_utf8.examples[0].line).toBe(4);

    const broken = await upload(name, '{"text": "never closed\n{"text": \n', '?fileName=b.jsonl');
    expect(broken.status).toBe(201);
    const failed = await waitFinished(name, 2);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.error).toMatch(/line 1/);
    expect((await client.get(`/api/v1/datasets/${name}/versions/2/preview`)).status).toBe(409);
    expect(await filesOf(name)).not.toContain('data.jsonl.partial');
  });

  it('streams a 60 MB upload with a 58 MB line without holding it in memory', async () => {
    const name = await createDataset('corpus');
    const records = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({
        text: `Record ${i}: the treasury desk rebalanced bond holdings ${i * 7} times while net interest margin moved with deposit costs and loan pricing across regional branches.`,
      }),
    ).join('\n');
    const MB = 1024 * 1024;
    const filler = Buffer.alloc(MB, 0x61);
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${records}\n{"text": "`);
      for (let i = 0; i < 58; i++) yield filler;
      yield Buffer.from(`"}\n${records.replaceAll('Record', 'Entry')}\n`);
    }
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakBuffers = base.arrayBuffers;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
    }, 10);
    const up = await upload(name, stream(body()), '?fileName=big.jsonl');
    clearInterval(sampler);
    expect(up.status).toBe(201);
    expect(up.body.sourceBytes).toBeGreaterThan(58 * MB);
    // Far below the 58 MB it received. The bound leaves room for the ingestion, which can start
    // in this same process before the response arrives: its line reader holds up to
    // maxLineBytes (8 MB) of the long line, plus read chunks and the copy that joins them.
    expect(peakHeap - base.heapUsed).toBeLessThan(32 * MB);
    expect(peakBuffers - base.arrayBuffers).toBeLessThan(32 * MB);

    const mid = await client.get(`/api/v1/datasets/${name}/versions/1`);
    expect(['uploaded', 'processing', 'ready']).toContain(mid.body.status);
    if (mid.body.status !== 'ready') expect(mid.body.progress.totalBytes).toBe(up.body.sourceBytes);
    const done = await waitFinished(name, 1);
    expect(done.body.status).toBe('ready');
    expect(done.body.report.rejected.byReason.line_too_long.examples[0].line).toBe(201);
    expect(done.body.report.recordsIn).toBe(401);
    expect(done.body.recordCount).toBeGreaterThan(0);
  });
});

function stream(source: AsyncGenerator<Buffer>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}

function chunks(count: number, make: () => Buffer): ReadableStream<Uint8Array> {
  async function* gen(): AsyncGenerator<Buffer> {
    const chunk = make();
    for (let i = 0; i < count; i++) yield chunk;
  }
  return stream(gen());
}
