import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE_EN, DEFAULT_DISCLOSURE_ZH } from './finance-config';
import { plugin } from './index';
import { readsAsInvestmentAdvice } from './investment-advice.rule';
import { createTestHarness } from '@alloy/plugin-sdk';

describe('investment advice detection', () => {
  it.each([
    'You should buy Tesla shares before Friday.',
    'I would recommend buying AAPL at this level.',
    'This fund offers guaranteed returns of 8% a year.',
    'It is a risk-free return, so put all your savings into it.',
    'The stock will definitely double by next year.',
    '建议买入贵州茅台，目标价2000元。',
    '这只基金稳赚不赔，保证收益10%。',
    '你应该立即加仓银行股。',
  ])('flags advice: %s', (text) => {
    expect(readsAsInvestmentAdvice(text)).toBe(true);
  });

  it.each([
    'Investors should compare the cost-to-income ratio across several years.',
    'There are no guaranteed returns in equity markets.',
    'A bond is a loan to the issuer that pays interest.',
    'Banks should hold capital against risk-weighted assets.',
    'You should not buy a product you do not understand.',
    '市盈率是股价除以每股收益。',
    '投资没有稳赚的，不存在保证收益的产品。',
  ])('does not flag information or warnings: %s', (text) => {
    expect(readsAsInvestmentAdvice(text)).toBe(false);
  });
});

describe('risk disclosure on inference.response', () => {
  const driver = createTestHarness(plugin);

  it('appends the English disclosure once to a whole advice answer', async () => {
    const { text, annotations } = await driver.respond('You should buy NVDA now. It is cheap.');
    expect(text).toBe(`You should buy NVDA now. It is cheap.\n\n${DEFAULT_DISCLOSURE_EN}`);
    expect(annotations).toHaveLength(1);
  });

  it('appends the disclosure at the end of a stream when advice appears in a later segment', async () => {
    const answer =
      'Rates have fallen this year. Bank margins are under pressure. You should sell your bank shares. That is my view.';
    const { text } = await driver.respond(answer, { stream: true });
    expect(text.startsWith(answer)).toBe(true);
    expect(text.endsWith(DEFAULT_DISCLOSURE_EN)).toBe(true);
    expect(text.split(DEFAULT_DISCLOSURE_EN)).toHaveLength(2);
  });

  it('uses the Chinese disclosure for a Chinese answer', async () => {
    const { text } = await driver.respond('建议买入招商银行。估值较低。', { stream: true });
    expect(text).toBe(`建议买入招商银行。估值较低。\n\n${DEFAULT_DISCLOSURE_ZH}`);
  });

  it('leaves an informational answer unchanged', async () => {
    const answer =
      'The P/E ratio is price divided by earnings per share. A high ratio can mean growth is expected.';
    expect((await driver.respond(answer, { stream: true })).text).toBe(answer);
    expect((await driver.respond(answer)).text).toBe(answer);
  });

  it('does not repeat a disclosure the answer already carries', async () => {
    const answer = `You should buy gold.\n\n${DEFAULT_DISCLOSURE_EN}`;
    expect((await driver.respond(answer)).text).toBe(answer);
  });

  it('follows the configured language and text, and can be turned off', async () => {
    const custom = createTestHarness(plugin, {
      config: { disclosureLanguage: 'zh', disclosureTextZh: '投资有风险。' },
    });
    expect((await custom.respond('You should buy gold.')).text).toBe(
      'You should buy gold.\n\n投资有风险。',
    );
    const off = createTestHarness(plugin, { config: { riskDisclosure: false } });
    expect((await off.respond('You should buy gold.')).text).toBe('You should buy gold.');
  });
});
