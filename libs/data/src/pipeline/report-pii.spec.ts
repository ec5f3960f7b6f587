import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PiiType } from '../pii/pii-scrubber';
import { PII_TYPES, emptyPiiCounts, scrubPii } from '../pii/pii-scrubber';
import type { CorpusRecord } from '../records/record.types';
import type { IngestionOptions } from './ingestion-options';
import type { IngestionReport } from './ingestion-report.types';
import type { RecordCleaner } from './record-cleaner';
import { redactReport } from './redact-report';
import { runIngestion } from './run-ingestion';

const dir = mkdtempSync(join(tmpdir(), 'alloy-report-pii-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Planted = Record<PiiType, string>;

/** One set of personal data per place it is planted, each value of a kind the scrubber removes. */
const SETS: Planted[] = [
  {
    EMAIL: 'lena.fischer@harbor-bank.example',
    PHONE: '13912345670',
    CN_ID: '310115198706234124',
    BANK_CARD: '6228480012345671',
    IP: '10.20.30.41',
  },
  {
    EMAIL: 'omar.haddad@mail.example.net',
    PHONE: '+44 20 7946 0958',
    CN_ID: '440305199001012347',
    BANK_CARD: '6214 8398 7654 3216',
    IP: '2001:db8::8a2e:370:7334',
  },
  {
    EMAIL: 'wei.zhang88@example.com',
    PHONE: '(0755) 8765 4321',
    CN_ID: '11010819751115003X',
    BANK_CARD: '6222021000111224',
    IP: '172.16.254.19',
  },
  {
    EMAIL: 'priya.nair@clinic.example.org',
    PHONE: '139-1234-5678',
    CN_ID: '320102198203024571',
    BANK_CARD: '4567350000424248',
    IP: '192.168.88.201',
  },
  {
    EMAIL: 'jonas.berg@school.example.edu',
    PHONE: '+86 138 0013 8000',
    CN_ID: '51010419930718226X',
    BANK_CARD: '6225880123450984',
    IP: '10.99.1.77',
  },
  {
    EMAIL: 'ana.silva@insurer.example.com',
    PHONE: '+1 (415) 555-0132',
    CN_ID: '330106198812123185',
    BANK_CARD: '6011000098765435',
    IP: 'fe80::1ff:fe23:4567:890a',
  },
  {
    EMAIL: 'kenji.sato@broker.example.jp',
    PHONE: '010-62345678',
    CN_ID: '420102197909095514',
    BANK_CARD: '6227001122334453',
    IP: '203.0.113.45',
  },
  {
    EMAIL: 'maria.rossi@lender.example.it',
    PHONE: '15022274688',
    CN_ID: '21010219850505667X',
    BANK_CARD: '5432109876543212',
    IP: '198.51.100.23',
  },
];

const set = (i: number): Planted => SETS[i];

/** A document that passes the quality rules; the identity number starts a line. */
const loanFile = (p: Planted, topic: string): string =>
  `The compliance team at the regional bank reviewed the ${topic} file of a retail client this quarter. ` +
  `The client wrote from ${p.EMAIL} and asked the branch to call back on ${p.PHONE} about the loan.\n` +
  `${p.CN_ID} was the identity number on the application, the repayments came from card ${p.BANK_CARD}, ` +
  `and the online banking session was opened from ${p.IP} before the credit officer approved it.`;

const complaint = (p: Planted): string =>
  `A customer of the insurance company complained that the claims department had lost her documents twice. ` +
  `She gave her address ${p.EMAIL}, her mobile number ${p.PHONE} and her identity number ${p.CN_ID}, ` +
  `and asked that the refund be paid to card ${p.BANK_CARD}; the portal logged her visit from ${p.IP}.`;

const line = (value: unknown): string => JSON.stringify(value);

/** Fails naming the value when the text holds any planted value, or the start of one. */
function expectNonePlanted(text: string, sets: readonly Planted[]): void {
  for (const p of sets) {
    for (const type of PII_TYPES) {
      const value = p[type];
      expect(text, `${type} ${value}`).not.toContain(value);
      expect(text, `start of ${type} ${value}`).not.toContain(value.slice(0, 8));
    }
  }
}

let n = 0;
async function ingest(
  content: string,
  options: IngestionOptions = {},
  cleaners: RecordCleaner[] = [],
): Promise<{ report: IngestionReport; output: string }> {
  const input = join(dir, `${n}-in.jsonl`);
  const outputPath = join(dir, `${n++}-out.jsonl`);
  writeFileSync(input, content);
  const report = await runIngestion({ input, output: outputPath, options, cleaners });
  return { report, output: readFileSync(outputPath, 'utf8') };
}

/** A plugin cleaner whose error message quotes the record, as careless ones do. */
const quotingCleaner: RecordCleaner = {
  name: 'escalations',
  clean(record) {
    const { text } = record as CorpusRecord;
    if (text.includes('claims department')) throw new Error(`cannot route: ${text}`);
    return record;
  },
};

describe('ingestion report: no personal data', () => {
  it('plants values the scrubber knows, of every type it knows', () => {
    for (const p of SETS) {
      for (const type of PII_TYPES) {
        const counts = emptyPiiCounts();
        expect(scrubPii(`see ${p[type]} here`, counts).text, p[type]).toBe(`see <${type}> here`);
        expect(counts[type]).toBe(1);
      }
    }
  });

  it('shows kept, rejected and duplicate records with the personal data marked by type', async () => {
    const content = [
      line({ text: loanFile(set(0), 'mortgage') }),
      // The same line again, then the same document with other people's data: exact duplicates
      // once scrubbed.
      line({ text: loanFile(set(0), 'mortgage') }),
      line({ text: loanFile(set(1), 'mortgage') }),
      // One word changed: a near duplicate.
      line({ text: loanFile(set(2), 'mortgages') }),
      // Too short for the quality rules.
      line({
        text: `Call ${set(3).PHONE} or write to ${set(3).EMAIL} (card ${set(3).BANK_CARD}).`,
      }),
      // Not JSON: the parser's message would quote its start.
      `${set(4).EMAIL} {"text": "id ${set(4).CN_ID} card ${set(4).BANK_CARD} tel ${set(4).PHONE} ip ${set(4).IP}`,
      // JSON of the wrong shape.
      line({
        body: `${set(5).EMAIL}, ${set(5).PHONE}, ${set(5).CN_ID}, ${set(5).BANK_CARD}, ${set(5).IP}`,
      }),
      // Refused by a plugin cleaner whose error quotes the text.
      line({ text: complaint(set(6)) }),
      line({ text: loanFile(set(7), 'mortgage').replace('regional bank', 'savings bank') }),
    ].join('\n');
    const { report, output } = await ingest(content, {}, [quotingCleaner]);

    expect(report.recordsOut).toBe(1);
    expect(report.duplicates.exact.count).toBe(2);
    expect(report.duplicates.near.count).toBe(2);
    expect(Object.keys(report.rejected.byReason).sort()).toEqual(
      ['cleaner_error:escalations', 'invalid_json', 'too_few_words', 'wrong_shape'].sort(),
    );
    expect(report.pii.byType).toMatchObject({ EMAIL: 5, PHONE: 5, CN_ID: 5, BANK_CARD: 5, IP: 5 });

    const json = JSON.stringify(report);
    expectNonePlanted(json, SETS);
    expectNonePlanted(output, SETS);

    // Marked, not dropped: the samples and excerpts still show where the data was.
    const sample = report.samples[0];
    for (const type of PII_TYPES) {
      expect(sample?.before).toContain(`<${type}>`);
      expect(sample?.after).toContain(`<${type}>`);
    }
    const excerpt = (reason: string) => report.rejected.byReason[reason]?.examples[0]?.excerpt;
    expect(excerpt('too_few_words')).toContain('<PHONE>');
    expect(excerpt('invalid_json')).toContain('<EMAIL>');
    expect(excerpt('wrong_shape')).toContain('<CN_ID>');
    expect(report.rejected.byReason['cleaner_error:escalations']?.examples[0]?.detail).toContain(
      '<EMAIL>',
    );
  });

  it('marks personal data in every text of multiple-choice records, labels included', async () => {
    const p = set(0);
    const q = set(1);
    const content = [
      line({
        question: `Which contact of the client at ${p.EMAIL} is a mobile number?`,
        choices: [p.PHONE, p.IP, p.CN_ID, p.BANK_CARD],
        answer: 'A',
        subject: `compliance (${q.EMAIL})`,
        id: q.PHONE,
      }),
      line({ question: `Card ${q.BANK_CARD}?`, choices: ['yes', 'yes'], answer: 0, id: q.CN_ID }),
    ].join('\n');
    const { report, output } = await ingest(content);
    expect(report.recordsOut).toBe(1);
    expectNonePlanted(JSON.stringify(report), [p, q]);
    expectNonePlanted(output, [p, q]);
    expect(JSON.parse(output.trim())).toMatchObject({
      subject: 'compliance (<EMAIL>)',
      id: '<PHONE>',
    });
  });

  it('keeps personal data out of the report even when the records keep theirs', async () => {
    const p = set(2);
    const { report, output } = await ingest(line({ text: loanFile(p, 'pension') }), { pii: false });
    expect(report.recordsOut).toBe(1);
    expect(output).toContain(p.EMAIL);
    expectNonePlanted(JSON.stringify(report), [p]);
    expect(report.samples[0]?.after).toContain('<EMAIL>');
  });

  it('marks the personal data of a report stored with it', () => {
    const p = set(4);
    const stored = {
      reportVersion: 1,
      recordsIn: 3,
      rejected: {
        total: 1,
        byReason: {
          too_few_words: { count: 1, examples: [{ line: 2, excerpt: `{"text": "${p.EMAIL}"}` }] },
        },
      },
      samples: [
        {
          line: 1,
          before: JSON.stringify({ text: `a\n${p.CN_ID} b` }),
          after: `card ${p.BANK_CARD}`,
        },
      ],
    };
    const redacted = redactReport(stored);
    expectNonePlanted(JSON.stringify(redacted), [p]);
    expect(redacted).toMatchObject({
      recordsIn: 3,
      rejected: {
        byReason: { too_few_words: { examples: [{ line: 2, excerpt: '{"text": "<EMAIL>"}' }] } },
      },
      samples: [{ before: '{"text":"a\\n<CN_ID> b"}', after: 'card <BANK_CARD>' }],
    });
    expect(redactReport({ rejected: null, samples: 'none' })).toEqual({
      rejected: null,
      samples: 'none',
    });
  });
});
