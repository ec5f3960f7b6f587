import type { ToolDefinition } from '@alloy/plugin-sdk';
import type { FinanceConfig } from './finance-config';
import { numberArg, numberSchema, roundHalfUp } from '@alloy/plugin-sdk';

// Rates are decimal fractions everywhere (0.06 is 6 %): one convention, stated in every schema.
const AMOUNT = { exclusiveMinimum: 0, maximum: 1e12 };
const RATE = { minimum: 0, maximum: 1 };
const MONTHS = { minimum: 1, maximum: 1200, integer: true };
const PERIODS_PER_YEAR = { minimum: 1, maximum: 365, integer: true };
const YEARS = { exclusiveMinimum: 0, maximum: 100 };
const CONTRIBUTION = { minimum: 0, maximum: 1e9 };

/** One month of an amortization schedule; amounts in currency units, rounded to cents. */
export interface AmortizationRow {
  month: number;
  payment: number;
  principal: number;
  interest: number;
  balance: number;
}

export interface LoanAmortization {
  monthlyPayment: number;
  /** The last payment, which absorbs the cents that rounding the monthly payment left over. */
  finalPayment: number;
  totalInterest: number;
  totalPaid: number;
  schedule?: AmortizationRow[];
}

/**
 * A fixed-rate loan repaid monthly. The schedule is computed in whole cents: each month's interest
 * is rounded half up, so the rows add up exactly to the totals.
 */
export function loanAmortization(
  principal: number,
  annualRate: number,
  months: number,
  includeSchedule = true,
): LoanAmortization {
  const monthlyRate = annualRate / 12;
  const exact =
    monthlyRate === 0
      ? principal / months
      : (principal * monthlyRate) / (1 - Math.pow(1 + monthlyRate, -months));
  const paymentCents = Math.round(roundHalfUp(exact, 2) * 100);
  let balance = Math.round(roundHalfUp(principal, 2) * 100);
  let interestTotal = 0;
  let lastPayment = paymentCents;
  const schedule: AmortizationRow[] = [];
  for (let month = 1; month <= months; month++) {
    const interest = roundHalfUp(balance * monthlyRate, 0);
    let principalPart = paymentCents - interest;
    if (month === months || principalPart > balance) principalPart = balance;
    const payment = principalPart + interest;
    balance -= principalPart;
    interestTotal += interest;
    lastPayment = payment;
    if (includeSchedule) {
      schedule.push({
        month,
        payment: payment / 100,
        principal: principalPart / 100,
        interest: interest / 100,
        balance: balance / 100,
      });
    }
    if (balance === 0) break;
  }
  const result: LoanAmortization = {
    monthlyPayment: paymentCents / 100,
    finalPayment: lastPayment / 100,
    totalInterest: interestTotal / 100,
    totalPaid: roundHalfUp(principal + interestTotal / 100, 2),
  };
  if (includeSchedule) result.schedule = schedule;
  return result;
}

export interface CompoundInterest {
  futureValue: number;
  totalContributions: number;
  totalInterest: number;
  periods: number;
}

/** Compound growth of a principal plus an optional contribution each period. */
export function compoundInterest(
  principal: number,
  annualRate: number,
  periodsPerYear: number,
  years: number,
  contribution = 0,
  contributionTiming: 'end' | 'begin' = 'end',
): CompoundInterest {
  const periods = Math.round(years * periodsPerYear);
  if (Math.abs(periods - years * periodsPerYear) > 1e-9) {
    throw new Error('years times periodsPerYear must be a whole number of periods');
  }
  const rate = annualRate / periodsPerYear;
  const growth = Math.pow(1 + rate, periods);
  const annuity = rate === 0 ? contribution * periods : (contribution * (growth - 1)) / rate;
  const futureValue = roundHalfUp(
    principal * growth + annuity * (contributionTiming === 'begin' ? 1 + rate : 1),
    2,
  );
  const totalContributions = roundHalfUp(contribution * periods, 2);
  return {
    futureValue,
    totalContributions,
    totalInterest: roundHalfUp(futureValue - principal - totalContributions, 2),
    periods,
  };
}

export interface AprResult {
  /** Nominal annual rate (periodic rate times periods per year), as a fraction. */
  apr: number;
  aprPercent: number;
  /** Compounded annual rate, as a fraction. */
  effectiveAnnualRate: number;
  effectiveAnnualRatePercent: number;
  periodicRate: number;
  amountReceived: number;
  totalPaid: number;
  financeCharge: number;
}

/**
 * The APR of a loan of `amount` less upfront `fees`, repaid by `payments` (the k-th one period
 * after the loan): the periodic rate at which the payments' present value equals what the
 * borrower received, found by bisection (the present value falls as the rate rises, so the root
 * is unique and bisection cannot miss it).
 */
export function annualPercentageRate(
  amount: number,
  fees: number,
  payments: readonly number[],
  periodsPerYear = 12,
): AprResult {
  const received = amount - fees;
  if (received <= 0) throw new Error('fees must be less than the amount');
  const totalPaid = payments.reduce((sum, p) => sum + p, 0);
  if (totalPaid < received) {
    throw new Error('the payments repay less than the amount received: the rate would be negative');
  }
  const presentValue = (rate: number): number =>
    payments.reduce((sum, p, k) => sum + p / Math.pow(1 + rate, k + 1), 0);
  let low = 0;
  let high = 1;
  while (presentValue(high) > received && high < 1e6) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-15; i++) {
    const mid = (low + high) / 2;
    if (presentValue(mid) > received) low = mid;
    else high = mid;
  }
  const periodicRate = (low + high) / 2;
  const apr = periodicRate * periodsPerYear;
  const ear = Math.pow(1 + periodicRate, periodsPerYear) - 1;
  return {
    apr: roundHalfUp(apr, 6),
    aprPercent: roundHalfUp(apr * 100, 2),
    effectiveAnnualRate: roundHalfUp(ear, 6),
    effectiveAnnualRatePercent: roundHalfUp(ear * 100, 2),
    periodicRate: roundHalfUp(periodicRate, 8),
    amountReceived: roundHalfUp(received, 2),
    totalPaid: roundHalfUp(totalPaid, 2),
    financeCharge: roundHalfUp(totalPaid - received, 2),
  };
}

export const FINANCE_TOOLS: ToolDefinition<FinanceConfig>[] = [
  {
    name: 'finance_loan_amortization',
    description:
      'Monthly payment, total interest and amortization schedule of a fixed-rate loan. annualRate is a decimal fraction (0.06 = 6%). Amounts are rounded to cents, half up.',
    parameters: {
      type: 'object',
      additionalProperties: false,
      required: ['principal', 'annualRate', 'months'],
      properties: {
        principal: numberSchema(AMOUNT, 'Amount borrowed, in currency units.'),
        annualRate: numberSchema(RATE, 'Nominal annual interest rate as a fraction: 0.06 is 6%.'),
        months: numberSchema(MONTHS, 'Number of monthly payments.'),
        includeSchedule: {
          type: 'boolean',
          default: true,
          description: 'Return the monthly rows.',
        },
      },
    },
    handler: (args) =>
      loanAmortization(
        numberArg(args, 'principal', AMOUNT),
        numberArg(args, 'annualRate', RATE),
        numberArg(args, 'months', MONTHS),
        args['includeSchedule'] !== false,
      ),
  },
  {
    name: 'finance_compound_interest',
    description:
      'Future value of a principal compounded periodsPerYear times a year for years, with an optional contribution each period. annualRate is a decimal fraction (0.04 = 4%). Rounded to cents, half up.',
    parameters: {
      type: 'object',
      additionalProperties: false,
      required: ['principal', 'annualRate', 'periodsPerYear', 'years'],
      properties: {
        principal: numberSchema(
          { minimum: 0, maximum: 1e12 },
          'Starting amount, in currency units.',
        ),
        annualRate: numberSchema(RATE, 'Nominal annual interest rate as a fraction: 0.04 is 4%.'),
        periodsPerYear: numberSchema(
          PERIODS_PER_YEAR,
          'Compounding periods per year (12 = monthly).',
        ),
        years: numberSchema(YEARS, 'Duration in years; years x periodsPerYear must be whole.'),
        contribution: numberSchema(CONTRIBUTION, 'Amount added each period (default 0).'),
        contributionTiming: {
          enum: ['end', 'begin'],
          default: 'end',
          description:
            'Whether contributions are made at the end (default) or start of each period.',
        },
      },
    },
    handler: (args) =>
      compoundInterest(
        numberArg(args, 'principal', { minimum: 0, maximum: 1e12 }),
        numberArg(args, 'annualRate', RATE),
        numberArg(args, 'periodsPerYear', PERIODS_PER_YEAR),
        numberArg(args, 'years', YEARS),
        numberArg(args, 'contribution', CONTRIBUTION, 0),
        args['contributionTiming'] === 'begin' ? 'begin' : 'end',
      ),
  },
  {
    name: 'finance_apr',
    description:
      'APR and effective annual rate of a loan from its amount, upfront fees and payment schedule (either payments, one per period, or payment and periods). Rates are returned as fractions and as percents.',
    parameters: {
      type: 'object',
      additionalProperties: false,
      required: ['amount'],
      properties: {
        amount: numberSchema(AMOUNT, 'Amount of the loan, in currency units.'),
        fees: numberSchema(
          { minimum: 0, maximum: 1e12 },
          'Upfront fees deducted from what the borrower receives (default 0).',
        ),
        payments: {
          type: 'array',
          minItems: 1,
          maxItems: 1200,
          items: numberSchema({ minimum: 0, maximum: 1e12 }, 'Payment of one period.'),
          description: 'Payments in order, the first one period after the loan.',
        },
        payment: numberSchema(AMOUNT, 'Level payment per period (with periods).'),
        periods: numberSchema(MONTHS, 'Number of level payments (with payment).'),
        periodsPerYear: numberSchema(PERIODS_PER_YEAR, 'Payments per year (default 12).'),
      },
    },
    handler: (args) => {
      const amount = numberArg(args, 'amount', AMOUNT);
      const fees = numberArg(args, 'fees', { minimum: 0, maximum: 1e12 }, 0);
      const periodsPerYear = numberArg(args, 'periodsPerYear', PERIODS_PER_YEAR, 12);
      let payments: number[];
      if (Array.isArray(args['payments'])) {
        const list: unknown[] = args['payments'];
        if (list.length < 1 || list.length > 1200)
          throw new Error('payments must have 1 to 1200 items');
        payments = list.map((_p, i) =>
          numberArg({ p: list[i] }, 'p', { minimum: 0, maximum: 1e12 }),
        );
      } else {
        const payment = numberArg(args, 'payment', AMOUNT);
        payments = new Array<number>(numberArg(args, 'periods', MONTHS)).fill(payment);
      }
      return annualPercentageRate(amount, fees, payments, periodsPerYear);
    },
  },
];
