import { describe, expect, it } from 'vitest';
import { financeConfig } from './finance-config';
import { normaliseFinancialText } from './financial-terms.rule';
import { plugin } from './index';
import { createTestHarness } from '@alloy/plugin-sdk';

const tickers = new Set(financeConfig(undefined).tickers);
const norm = (text: string): string => normaliseFinancialText(text, tickers);

describe('financial term normalisation', () => {
  it('writes tickers one way', () => {
    expect(norm('Bought $aapl and AAPL.O, then more aapl.')).toBe(
      'Bought AAPL and AAPL, then more AAPL.',
    );
    expect(norm('$tsla fell; msft rose.')).toBe('TSLA fell; MSFT rose.');
    expect(norm('贵州茅台(600519.sh)与腾讯(0700.hk)')).toBe('贵州茅台(600519.SH)与腾讯(0700.HK)');
  });

  it('never alters ordinary words, prices, domains or abbreviations', () => {
    const text =
      'All key staff now meet at ibm.com. It cost $5 in the U.S.A. and the U.K. Go to the mn office.';
    expect(norm(text)).toBe(text);
    expect(norm('The GE board met.')).toBe('The GE board met.');
  });

  it('converts full-width digits and symbols', () => {
    expect(norm('利润１２３４．５６万元，增长１２％，价格＄１０，成本￥２，０００')).toBe(
      '利润1234.56万元，增长12%，价格$10，成本¥2,000',
    );
  });

  it('expands bn and mn after numbers and keeps 亿 and 万', () => {
    expect(norm('Revenue was 5bn, up from 3.2 mn and 1tn.')).toBe(
      'Revenue was 5 billion, up from 3.2 million and 1 trillion.',
    );
    expect(norm('营收5亿元，净利3000万元')).toBe('营收5亿元，净利3000万元');
  });

  it('uses USD and CNY codes', () => {
    expect(norm('US$100 and RMB 500 and 300 rmb and 20 usd')).toBe(
      'USD 100 and CNY 500 and 300 CNY and 20 USD',
    );
    expect(norm('The RMB appreciated.')).toBe('The RMB appreciated.');
  });
});

describe('dataset.record normaliser', () => {
  const driver = createTestHarness(plugin);

  it('normalises corpus text, chat messages and multiple-choice items', async () => {
    expect(await driver.datasetRecord({ text: '$aapl rose 5bn' }, { kind: 'corpus' })).toEqual({
      record: { text: 'AAPL rose 5 billion' },
    });
    const chat = await driver.datasetRecord(
      {
        messages: [
          { role: 'user', content: 'msft 市值多少？' },
          { role: 'assistant', content: '约３万亿 usd' },
        ],
      },
      { kind: 'chat' },
    );
    expect(chat).toEqual({
      record: {
        messages: [
          { role: 'user', content: 'MSFT 市值多少？' },
          { role: 'assistant', content: '约3万亿 USD' },
        ],
      },
    });
    const mc = await driver.datasetRecord(
      { question: 'US$１０ at 10%?', choices: ['11', '１２'], answer: 0 },
      { kind: 'multiple_choice' },
    );
    expect(mc).toEqual({
      record: { question: 'USD 10 at 10%?', choices: ['11', '12'], answer: 0 },
    });
  });

  it('keeps a record unchanged when normalisation is off or nothing applies', async () => {
    const off = createTestHarness(plugin, { config: { normaliseTerms: false } });
    expect(await off.datasetRecord({ text: '$aapl' }, { kind: 'corpus' })).toEqual({
      record: { text: '$aapl' },
    });
    expect(await driver.datasetRecord({ text: 'Plain words.' }, { kind: 'corpus' })).toEqual({
      record: { text: 'Plain words.' },
    });
  });

  it('recognises tickers the organisation lists', async () => {
    const custom = createTestHarness(plugin, { config: { tickers: ['ACME'] } });
    expect(await custom.datasetRecord({ text: 'acme and aapl' }, { kind: 'corpus' })).toEqual({
      record: { text: 'ACME and aapl' },
    });
  });
});
