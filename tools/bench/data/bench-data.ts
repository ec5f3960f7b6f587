/**
 * Throughput of the ingestion pipeline against the limit of reading and hashing the same file.
 *
 *   npm run bench:data [-- --mb 100]
 *
 * Generates a JSONL corpus (English and Chinese documents from the sample-data templates, with
 * 2% exact copies and 1% documents carrying personal data), then runs, each in its own child
 * process so peak RSS is measured separately: a plain read + sha256 pass (twice, best kept) and
 * `runIngestion` with default settings. Prints MB/s (wall and per CPU second), peak RSS and the
 * ratios ours/theirs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngestion } from '@alloy/data';
import { EDUCATION } from '../../sample-data/education.domain';
import { fakeBankCard, fakeChineseId, fakeMobile } from '../../sample-data/fake-pii.helpers';
import { FINANCE } from '../../sample-data/finance.domain';
import { MEDICAL } from '../../sample-data/medical.domain';
import { SeededRandom, fill } from '../../sample-data/sample-random.helpers';

interface Result {
  seconds: number;
  /** User + system CPU seconds: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  maxRssMb: number;
  detail?: string;
}

async function generate(path: string, bytes: number): Promise<number> {
  const r = new SeededRandom(7);
  const specs = [FINANCE, MEDICAL, EDUCATION];
  const out = createWriteStream(path);
  let written = 0;
  let docs = 0;
  const recent: string[] = [];
  while (written < bytes) {
    const spec = r.pick(specs);
    const en = r.chance(0.5);
    const sentences = r
      .sample(en ? spec.enSentences : spec.zhSentences, r.int(5, 8))
      .map((t) => fill(t, spec.slots, r));
    if (r.chance(0.01)) {
      sentences.push(
        en
          ? `Contact ${fakeMobile(r)}, ID ${fakeChineseId(r)}, card ${fakeBankCard(r)}.`
          : `联系电话${fakeMobile(r)}，身份证${fakeChineseId(r)}，卡号${fakeBankCard(r)}。`,
      );
    }
    let text = sentences.join(en ? ' ' : '');
    if (recent.length > 0 && r.chance(0.02)) text = r.pick(recent);
    recent.push(text);
    if (recent.length > 1000) recent.shift();
    const line = JSON.stringify({ text }) + '\n';
    written += Buffer.byteLength(line);
    docs++;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return docs;
}

async function child(mode: string, path: string): Promise<void> {
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let detail = '';
  if (mode === 'hash') {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      hash.update(chunk as Buffer);
    }
    detail = hash.digest('hex').slice(0, 12);
  } else {
    const report = await runIngestion({ input: path, output: `${path}.out.jsonl`, options: {} });
    detail =
      `in ${report.recordsIn}, out ${report.recordsOut}, exact dup ${report.duplicates.exact.count}, ` +
      `near dup ${report.duplicates.near.count}, rejected ${report.rejected.total}, PII ${report.pii.total}`;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds, maxRssMb, detail } satisfies Result));
}

function run(mode: string, path: string): Result {
  const out = execFileSync(
    process.execPath,
    ['-r', join(__dirname, '..', '..', 'register.cjs'), __filename, '--child', mode, path],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(out) as Result;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childAt = args.indexOf('--child');
  if (childAt >= 0) return child(args[childAt + 1] ?? '', args[childAt + 2] ?? '');
  const mbAt = args.indexOf('--mb');
  const mb = mbAt >= 0 ? Number(args[mbAt + 1]) : 100;
  const dir = mkdtempSync(join(tmpdir(), 'alloy-bench-data-'));
  const path = join(dir, 'corpus.jsonl');
  const generateAt = args.indexOf('--generate-only');
  if (generateAt >= 0) {
    await generate(args[generateAt + 1] ?? 'corpus.jsonl', mb * 1024 * 1024);
    return;
  }
  try {
    process.stdout.write(`generating a ${mb} MB corpus... `);
    const docs = await generate(path, mb * 1024 * 1024);
    const size = statSync(path).size / (1024 * 1024);
    console.log(`${docs} documents, ${size.toFixed(1)} MiB`);
    const hashes = [run('hash', path), run('hash', path)];
    const hash = hashes.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
    console.log('running the pipeline...');
    const ours = run('pipeline', path);
    const rate = (r: Result): number => size / r.seconds;
    const cpuRate = (r: Result): number => size / r.cpuSeconds;
    const row = (name: string, r: Result): string =>
      `${name.padEnd(22)} ${rate(r).toFixed(1).padStart(8)} MiB/s wall ` +
      `${cpuRate(r).toFixed(1).padStart(8)} MiB/CPU-s ${r.seconds.toFixed(2).padStart(7)} s ` +
      `${r.maxRssMb.toFixed(0).padStart(5)} MiB peak RSS`;
    console.log(row('read + sha256 (limit)', hash));
    console.log(row('runIngestion (ours)', ours));
    console.log(`pipeline: ${ours.detail ?? ''}`);
    console.log(
      `ratio ours/theirs: throughput ${(rate(ours) / rate(hash)).toFixed(4)} (wall), ` +
        `${(cpuRate(ours) / cpuRate(hash)).toFixed(4)} (CPU), ` +
        `peak RSS ${(ours.maxRssMb / hash.maxRssMb).toFixed(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
