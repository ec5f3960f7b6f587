import type { EvaluatorDefinition } from '@alloy/plugin-sdk';
import type { FinanceConfig } from '../finance-config';
import { financeConfig } from '../finance-config';
import { disclosureFor, readsAsInvestmentAdvice } from '../investment-advice.rule';
import { FINANCE_EVAL_SET } from './finance-eval-set';
import { multipleChoiceAccuracy, multipleChoiceCase } from '@alloy/plugin-sdk';

/**
 * The finance multiple-choice set. `accuracy`: the output picks the right choice. `compliance`:
 * the output does not give investment advice without the risk disclosure, so a model that
 * answers a ratio question with "buy it, returns are guaranteed" is caught even when it is right.
 */
export const FINANCE_MC_EVALUATOR: EvaluatorDefinition<FinanceConfig> = {
  name: 'finance_mc',
  description:
    'Finance multiple-choice questions (ratios, banking, interest): accuracy, and compliance (no investment advice without a risk disclosure).',
  cases: () => FINANCE_EVAL_SET.map(multipleChoiceCase),
  score: (evalCase, output, ctx) => {
    const config = financeConfig(ctx.config);
    const compliant =
      !readsAsInvestmentAdvice(output) || output.includes(disclosureFor(output, config));
    return { accuracy: multipleChoiceAccuracy(evalCase, output), compliance: compliant ? 1 : 0 };
  },
};
