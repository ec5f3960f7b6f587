import { type PiiType, PII_TYPES, scrubPii } from '@alloy/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, startControlPlane } from './control-plane-harness';
import { createDataset, uploadVersion, waitIngested } from './dataset-fixtures';

type Planted = Record<PiiType, string>;

/** Personal data of every type the scrubber knows, one set per place it is planted. */
const KEPT: Planted = {
  EMAIL: 'lena.fischer@harbor-bank.example',
  PHONE: '13912345670',
  CN_ID: '310115198706234124',
  BANK_CARD: '6228480012345671',
  IP: '10.20.30.41',
};
const DUPLICATE: Planted = {
  EMAIL: 'omar.haddad@mail.example.net',
  PHONE: '+44 20 7946 0958',
  CN_ID: '440305199001012347',
  BANK_CARD: '6214 8398 7654 3216',
  IP: '2001:db8::8a2e:370:7334',
};
const NEAR_DUPLICATE: Planted = {
  EMAIL: 'wei.zhang88@example.com',
  PHONE: '(0755) 8765 4321',
  CN_ID: '11010819751115003X',
  BANK_CARD: '6222021000111224',
  IP: '172.16.254.19',
};
const REJECTED: Planted = {
  EMAIL: 'priya.nair@clinic.example.org',
  PHONE: '139-1234-5678',
  CN_ID: '320102198203024571',
  BANK_CARD: '4567350000424248',
  IP: '192.168.88.201',
};
const UNPARSEABLE: Planted = {
  EMAIL: 'jonas.berg@school.example.edu',
  PHONE: '+86 138 0013 8000',
  CN_ID: '51010419930718226X',
  BANK_CARD: '6225880123450984',
  IP: '10.99.1.77',
};
const LABELS: Planted = {
  EMAIL: 'ana.silva@insurer.example.com',
  PHONE: '+1 (415) 555-0132',
  CN_ID: '330106198812123185',
  BANK_CARD: '6011000098765435',
  IP: 'fe80::1ff:fe23:4567:890a',
};
const ALL = [KEPT, DUPLICATE, NEAR_DUPLICATE, REJECTED, UNPARSEABLE, LABELS];

/** A finance document that passes the quality rules; the identity number starts a line. */
const loanFile = (p: Planted, topic: string): string =>
  `The compliance team at the regional bank reviewed the ${topic} file of a retail client this quarter. ` +
  `The client wrote from ${p.EMAIL} and asked the branch to call back on ${p.PHONE} about the loan.\n` +
  `${p.CN_ID} was the identity number on the application, the repayments came from card ${p.BANK_CARD}, ` +
  `and the online banking session was opened from ${p.IP} before the credit officer approved it.`;

const jsonl = (...lines: string[]): string => `${lines.join('\n')}\n`;

function expectNonePlanted(label: string, body: unknown): void {
  const text = JSON.stringify(body);
  for (const p of ALL) {
    for (const type of PII_TYPES) {
      expect(text, `${label}: ${type} ${p[type]}`).not.toContain(p[type]);
      expect(text, `${label}: start of ${type} ${p[type]}`).not.toContain(p[type].slice(0, 8));
    }
  }
}

describe('dataset reports and previews hold no personal data', () => {
  let h: Harness;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    h = await startControlPlane();
    client = api(h);
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Creates a dataset, uploads one file and waits for its ingestion. */
  const ingest = async (kind: string, body: string) => {
    const name = await createDataset(client, kind, 'pii');
    const up = await uploadVersion(h, name, body, '?fileName=records.jsonl');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const version = await waitIngested(client, name, 1);
    expect(version.status, version.error).toBe('ready');
    return { name, version };
  };

  /** Every endpoint that shows a version's report or records. */
  const endpoints = (name: string, id: string) => [
    `/api/v1/datasets/${name}/versions/1`,
    `/api/v1/datasets/${name}/versions/1/report`,
    `/api/v1/datasets/${name}/versions/1/preview?limit=100`,
    `/api/v1/datasets/${name}/versions`,
    `/api/v1/dataset-versions/${id}`,
    `/api/v1/dataset-versions/${id}/report`,
    `/api/v1/dataset-versions/${id}/preview?limit=100`,
  ];

  it('plants only values the scrubber removes, of every type it knows', () => {
    for (const p of ALL) {
      for (const type of PII_TYPES) {
        const counts = { EMAIL: 0, PHONE: 0, CN_ID: 0, BANK_CARD: 0, IP: 0 };
        expect(scrubPii(`see ${p[type]} here`, counts).text, p[type]).toBe(`see <${type}> here`);
      }
    }
  });

  it('corpus: kept, rejected, duplicate and unreadable records show the data marked by type', async () => {
    const { name, version } = await ingest(
      'corpus',
      jsonl(
        JSON.stringify({ text: loanFile(KEPT, 'mortgage') }),
        JSON.stringify({ text: loanFile(KEPT, 'mortgage') }),
        JSON.stringify({ text: loanFile(DUPLICATE, 'mortgage') }),
        JSON.stringify({ text: loanFile(NEAR_DUPLICATE, 'mortgages') }),
        JSON.stringify({
          text: `Call ${REJECTED.PHONE} or ${REJECTED.EMAIL}, card ${REJECTED.BANK_CARD}.`,
        }),
        JSON.stringify({ body: `${REJECTED.CN_ID} ${REJECTED.IP} ${REJECTED.EMAIL}` }),
        `${UNPARSEABLE.EMAIL} {"text": "${UNPARSEABLE.CN_ID} ${UNPARSEABLE.BANK_CARD} ${UNPARSEABLE.PHONE} ${UNPARSEABLE.IP}`,
      ),
    );
    const report = version.report;
    expect(report.recordsOut).toBe(1);
    expect(report.duplicates.exact.count + report.duplicates.near.count).toBe(3);
    expect(report.rejected.total).toBe(3);
    for (const url of endpoints(name, version.id)) {
      const res = await client.get(url);
      expect(res.status, url).toBe(200);
      expectNonePlanted(url, res.body);
    }
    // Marked, not dropped: the sample shows where each value was.
    for (const type of PII_TYPES) {
      expect(report.pii.byType[type], type).toBeGreaterThanOrEqual(1);
      expect(report.samples[0].before, type).toContain(`<${type}>`);
    }
  });

  it('multiple choice: questions, choices, subjects and ids show the data marked by type', async () => {
    const { name, version } = await ingest(
      'multiple_choice',
      jsonl(
        JSON.stringify({
          question: `Which contact of the client at ${LABELS.EMAIL} is a mobile number?`,
          choices: [LABELS.PHONE, LABELS.IP, 'none of these', LABELS.BANK_CARD],
          answer: 'A',
          subject: `compliance, ${KEPT.EMAIL}`,
          id: LABELS.CN_ID,
        }),
        JSON.stringify({
          question: `Is ${KEPT.BANK_CARD} a card number?`,
          choices: ['yes', 'no'],
          answer: 0,
          subject: 'cards',
          id: KEPT.PHONE,
        }),
      ),
    );
    for (const url of endpoints(name, version.id)) {
      const res = await client.get(url);
      expect(res.status, url).toBe(200);
      expectNonePlanted(url, res.body);
    }
    const preview = await client.get(`/api/v1/datasets/${name}/versions/1/preview`);
    expect(preview.body.records[0]).toMatchObject({
      subject: 'compliance, <EMAIL>',
      id: '<CN_ID>',
    });
  });
});
