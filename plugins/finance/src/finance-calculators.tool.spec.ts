import { describe, expect, it } from 'vitest';
import type {
  AmortizationRow,
  AprResult,
  CompoundInterest,
  LoanAmortization,
} from './finance-calculators.tool';
import { plugin } from './index';
import { createTestHarness } from '@alloy/plugin-sdk';
import { roundHalfUp } from '@alloy/plugin-sdk';

const driver = createTestHarness(plugin);
const loan = async (args: Record<string, unknown>) =>
  (await driver.callTool('finance_loan_amortization', args)) as LoanAmortization;
const sum = (rows: AmortizationRow[], key: 'payment' | 'interest' | 'principal') =>
  roundHalfUp(
    rows.reduce((total, row) => total + row[key], 0),
    2,
  );

describe('finance_loan_amortization', () => {
  it('pays 1,199.10 a month on 200,000 at 6% over 360 months', async () => {
    const result = await loan({ principal: 200_000, annualRate: 0.06, months: 360 });
    expect(result.monthlyPayment).toBe(1199.1);
    expect(result.schedule?.[0]).toEqual({
      month: 1,
      payment: 1199.1,
      principal: 199.1,
      interest: 1000,
      balance: 199_800.9,
    });
    expect(result.schedule).toHaveLength(360);
    expect(result.schedule?.[359].balance).toBe(0);
    // Rounding the payment down by a tenth of a cent leaves 1.04 for the last payment to absorb.
    expect(result.finalPayment).toBe(1200.14);
    expect(result.totalInterest).toBe(231_677.04);
    expect(result.totalPaid).toBe(431_677.04);
  });

  it('has rows that add up exactly to the totals', async () => {
    const result = await loan({ principal: 1000, annualRate: 0.12, months: 12 });
    expect(result.monthlyPayment).toBe(88.85);
    expect(result.finalPayment).toBe(88.84);
    expect(result.totalInterest).toBe(66.19);
    const rows = result.schedule ?? [];
    expect(sum(rows, 'interest')).toBe(result.totalInterest);
    expect(sum(rows, 'payment')).toBe(result.totalPaid);
    expect(sum(rows, 'principal')).toBe(1000);
  });

  it('divides evenly at a zero rate and can leave the schedule out', async () => {
    const result = await loan({
      principal: 1200,
      annualRate: 0,
      months: 12,
      includeSchedule: false,
    });
    expect(result).toEqual({
      monthlyPayment: 100,
      finalPayment: 100,
      totalInterest: 0,
      totalPaid: 1200,
    });
  });

  it.each([
    [
      { principal: 0, annualRate: 0.05, months: 12 },
      /principal:? must be >|principal must be greater than 0/,
    ],
    [{ principal: -5, annualRate: 0.05, months: 12 }, /principal/],
    [{ principal: 1000, annualRate: 6, months: 12 }, /annualRate:? must be at most 1/],
    [{ principal: 1000, annualRate: -0.01, months: 12 }, /annualRate:? must be at least 0/],
    [{ principal: 1000, annualRate: 0.05, months: 12.5 }, /months:? must be (?:an )?integer/],
    [{ principal: 1000, annualRate: 0.05, months: 1201 }, /months:? must be at most 1200/],
    [
      { principal: '1000', annualRate: 0.05, months: 12 },
      /principal:? must be (?:a finite )?number/,
    ],
  ])('rejects out-of-bounds arguments %j', async (args, message) => {
    await expect(loan(args)).rejects.toThrow(message);
  });

  it('declares the same bounds in its schema', () => {
    const tool = plugin.tools?.find((t) => t.name === 'finance_loan_amortization');
    expect(tool?.parameters['properties']).toMatchObject({
      principal: { exclusiveMinimum: 0 },
      annualRate: { minimum: 0, maximum: 1 },
      months: { type: 'integer', minimum: 1, maximum: 1200 },
    });
  });
});

describe('finance_compound_interest', () => {
  const compound = async (args: Record<string, unknown>) =>
    (await driver.callTool('finance_compound_interest', args)) as CompoundInterest;

  it('grows 8,000 at 4% compounded yearly to 9,733.22 after 5 years', async () => {
    expect(
      await compound({ principal: 8000, annualRate: 0.04, periodsPerYear: 1, years: 5 }),
    ).toEqual({
      futureValue: 9733.22,
      totalContributions: 0,
      totalInterest: 1733.22,
      periods: 5,
    });
  });

  it('adds monthly contributions at the end or the start of each period', async () => {
    const args = {
      principal: 1000,
      annualRate: 0.05,
      periodsPerYear: 12,
      years: 10,
      contribution: 100,
    };
    expect(await compound(args)).toEqual({
      futureValue: 17_175.24,
      totalContributions: 12_000,
      totalInterest: 4175.24,
      periods: 120,
    });
    expect((await compound({ ...args, contributionTiming: 'begin' })).futureValue).toBe(17_239.94);
  });

  it('rejects a fractional number of periods and out-of-bounds values', async () => {
    await expect(
      compound({ principal: 1000, annualRate: 0.05, periodsPerYear: 1, years: 2.5 }),
    ).rejects.toThrow(/whole number/);
    await expect(
      compound({ principal: 1000, annualRate: 1.5, periodsPerYear: 1, years: 2 }),
    ).rejects.toThrow(/annualRate/);
    await expect(
      compound({ principal: 1000, annualRate: 0.05, periodsPerYear: 0, years: 2 }),
    ).rejects.toThrow(/periodsPerYear/);
    await expect(
      compound({ principal: 1000, annualRate: 0.05, periodsPerYear: 1, years: 0 }),
    ).rejects.toThrow(/years/);
  });
});

describe('finance_apr', () => {
  const apr = async (args: Record<string, unknown>) =>
    (await driver.callTool('finance_apr', args)) as AprResult;

  it('finds the contract rate when there are no fees', async () => {
    const result = await apr({ amount: 200_000, payment: 1199.1, periods: 360 });
    expect(result.aprPercent).toBe(6);
    expect(result.effectiveAnnualRatePercent).toBe(6.17);
  });

  it('raises the APR by the fees the borrower pays upfront', async () => {
    const result = await apr({ amount: 200_000, fees: 2000, payment: 1199.1, periods: 360 });
    expect(result).toMatchObject({
      apr: 0.06094,
      aprPercent: 6.09,
      effectiveAnnualRate: 0.062671,
      effectiveAnnualRatePercent: 6.27,
      amountReceived: 198_000,
      totalPaid: 431_676,
      financeCharge: 233_676,
    });
  });

  it('takes an explicit schedule of payments', async () => {
    const result = await apr({ amount: 1000, payments: new Array(12).fill(90) });
    expect(result.aprPercent).toBe(14.45);
    expect(result.effectiveAnnualRatePercent).toBe(15.45);
  });

  it('refuses schedules that repay less than was received, and fees above the amount', async () => {
    await expect(apr({ amount: 1000, payments: [100, 100] })).rejects.toThrow(/negative/);
    await expect(apr({ amount: 1000, fees: 1000, payment: 100, periods: 12 })).rejects.toThrow(
      /fees/,
    );
    await expect(apr({ amount: 1000 })).rejects.toThrow(/payment/);
  });
});
