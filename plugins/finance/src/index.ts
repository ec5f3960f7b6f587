import { definePlugin } from '@alloy/plugin-sdk';
import { FINANCE_MC_EVALUATOR } from './eval/finance-mc.evaluator';
import type { FinanceConfig } from './finance-config';
import { FINANCE_CONFIG_SCHEMA, financeConfig } from './finance-config';
import { FINANCE_TOOLS } from './finance-calculators.tool';
import { normaliseFinancialRecord } from './financial-terms.rule';
import { appendRiskDisclosure } from './investment-advice.rule';
import { marketAbuseRequested, refusalReason, userText } from './market-abuse.rule';

/** Finance rules: risk disclosure on advice, refusal of market abuse, term normalisation, calculators. */
export const plugin = definePlugin<FinanceConfig>({
  manifest: {
    id: 'alloy.finance',
    version: '1.0.0',
    sdk: '^1.0.0',
    displayName: 'Finance compliance',
    description:
      'Risk disclosure on answers that read as investment advice, refusal of insider-information and market-manipulation requests, normalised tickers and currencies in datasets, exact loan, interest and APR calculators.',
    domains: ['finance'],
    permissions: {},
    config: FINANCE_CONFIG_SCHEMA,
    // The disclosure and the refusal protect the organisation's customers and its licence: an answer
    // the plugin could not check is not sent. Normalising a record is cosmetic: keep it as it was.
    failurePolicy: {
      'dataset.record': 'open',
      'inference.request': 'closed',
      'inference.response': 'closed',
      tools: 'closed',
      evaluators: 'closed',
    },
  },
  hooks: {
    'dataset.record': (record, ctx) => {
      const config = financeConfig(ctx.config);
      if (!config.normaliseTerms) return undefined;
      return normaliseFinancialRecord(record, new Set(config.tickers.map((t) => t.toUpperCase())));
    },
    'inference.request': (request) => {
      const text = userText(request);
      const kind = marketAbuseRequested(text);
      return kind ? { refuse: refusalReason(kind, text) } : undefined;
    },
    'inference.response': (response, ctx) =>
      appendRiskDisclosure(response, financeConfig(ctx.config)),
  },
  tools: FINANCE_TOOLS,
  evaluators: [FINANCE_MC_EVALUATOR],
});

export default plugin;
