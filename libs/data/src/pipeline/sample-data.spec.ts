import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngestion } from './run-ingestion';

const SAMPLE = join(__dirname, '..', '..', 'sample-data');
const dir = mkdtempSync(join(tmpdir(), 'alloy-sample-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Manifest {
  corpus: {
    file: string;
    documents: number;
    exactDuplicates: number;
    normalisedDuplicates: number;
    nearDuplicates: number;
    lowQuality: number;
    pii: Record<string, number>;
    piiValues: string[];
    decoys: string[];
  };
  instructions: { records: number; exactCopies: number; shape: 'chat' | 'alpaca' };
  evalMc: { records: number };
}

const manifestOf = (domain: string): Manifest =>
  JSON.parse(readFileSync(join(SAMPLE, domain, 'manifest.json'), 'utf8')) as Manifest;

describe.each(['finance', 'medical', 'education'])('sample data: %s', (domain) => {
  const manifest = manifestOf(domain);

  it('the corpus report shows the planted duplicates, low-quality documents and PII removed', async () => {
    const output = join(dir, `${domain}-corpus.jsonl`);
    const report = await runIngestion({
      input: join(SAMPLE, domain, manifest.corpus.file),
      output,
      options: { domain },
    });
    const c = manifest.corpus;
    expect(report.recordsIn).toBe(c.documents);
    expect(report.duplicates.exact.count).toBe(c.exactDuplicates + c.normalisedDuplicates);
    expect(report.duplicates.near.count).toBeGreaterThanOrEqual(c.nearDuplicates);
    expect(report.duplicates.near.count).toBeLessThanOrEqual(c.nearDuplicates + 2);
    expect(report.rejected.total).toBeGreaterThanOrEqual(c.lowQuality);
    expect(report.rejected.total).toBeLessThanOrEqual(c.lowQuality + 3);
    for (const [type, count] of Object.entries(c.pii)) {
      expect(
        report.pii.byType[type as keyof typeof report.pii.byType],
        type,
      ).toBeGreaterThanOrEqual(count);
    }
    const text = readFileSync(output, 'utf8');
    for (const value of c.piiValues) expect(text, value).not.toContain(value);
    for (const decoy of c.decoys) expect(text, decoy).toContain(decoy);
    expect(text).toContain('<CN_ID>');
    expect(report.recordsOut).toBeGreaterThan(350);
    expect(report.samples.length).toBeGreaterThan(0);
    expect(report.tokens.total).toBeGreaterThan(50_000);
  });

  it('the instruction set yields at least 320 chat records: almost none lost to near duplicates or quality rules', async () => {
    const report = await runIngestion({
      input: join(SAMPLE, domain, 'instructions.jsonl'),
      output: join(dir, `${domain}-chat.jsonl`),
    });
    expect(report.kind).toBe('chat');
    expect(report.recordsIn).toBe(manifest.instructions.records);
    expect(report.duplicates.exact.count).toBe(manifest.instructions.exactCopies);
    expect(report.converted).toBe(manifest.instructions.shape === 'alpaca' ? report.recordsIn : 0);
    expect(report.recordsOut).toBeGreaterThanOrEqual(320);
  });

  it('the evaluation set holds at least 50 valid multiple-choice questions', async () => {
    const report = await runIngestion({
      input: join(SAMPLE, domain, 'eval-mc.jsonl'),
      output: join(dir, `${domain}-mc.jsonl`),
    });
    expect(report.kind).toBe('multiple_choice');
    expect(report.rejected.total).toBe(0);
    expect(report.recordsOut).toBe(manifest.evalMc.records);
    expect(report.recordsOut).toBeGreaterThanOrEqual(50);
  });
});
