import type { JsonSchema } from '@alloy/plugin-sdk';

/** An organisation's configuration of the finance plugin, defaults applied. */
export interface FinanceConfig {
  riskDisclosure: boolean;
  disclosureLanguage: 'auto' | 'en' | 'zh';
  disclosureTextEn: string;
  disclosureTextZh: string;
  normaliseTerms: boolean;
  tickers: string[];
}

export const DEFAULT_DISCLOSURE_EN =
  'Risk disclosure: this is general information, not personalised investment advice. Investments can lose value, past performance does not guarantee future returns, and no return is guaranteed. Consider your own situation or consult a licensed adviser before investing.';
export const DEFAULT_DISCLOSURE_ZH =
  '风险提示：以上内容仅为一般信息，不构成个性化投资建议。投资有风险，过往业绩不代表未来表现，任何收益均无保证。投资前请结合自身情况或咨询持牌专业人士。';

// Large tickers that are not English words, so a lower-case mention can only mean the security.
const DEFAULT_TICKERS = [
  'AAPL',
  'MSFT',
  'GOOGL',
  'GOOG',
  'AMZN',
  'NVDA',
  'TSLA',
  'NFLX',
  'JPM',
  'BAC',
  'WFC',
  'HSBC',
  'BABA',
  'BIDU',
  'INTC',
  'CSCO',
  'ORCL',
  'IBM',
  'XOM',
  'CVX',
  'PFE',
  'JNJ',
  'UNH',
  'TSM',
];

export const FINANCE_CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    riskDisclosure: {
      type: 'boolean',
      default: true,
      description: 'Append a risk disclosure to answers that read as investment advice.',
    },
    disclosureLanguage: {
      enum: ['auto', 'en', 'zh'],
      default: 'auto',
      description:
        "Language of the disclosure; 'auto' follows the answer (Chinese when it has Han characters).",
    },
    disclosureTextEn: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      default: DEFAULT_DISCLOSURE_EN,
    },
    disclosureTextZh: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      default: DEFAULT_DISCLOSURE_ZH,
    },
    normaliseTerms: {
      type: 'boolean',
      default: true,
      description: 'Normalise tickers, digits, currency codes and bn/mn in dataset records.',
    },
    tickers: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z]{1,5}$' },
      maxItems: 5000,
      default: DEFAULT_TICKERS,
      description:
        'Tickers recognised when written in lower case without a $ or an exchange suffix.',
    },
  },
};

/** The configuration with defaults for anything missing, so a rule never reads `undefined`. */
export function financeConfig(raw: Partial<FinanceConfig> | undefined): FinanceConfig {
  return {
    riskDisclosure: raw?.riskDisclosure ?? true,
    disclosureLanguage: raw?.disclosureLanguage ?? 'auto',
    disclosureTextEn: raw?.disclosureTextEn ?? DEFAULT_DISCLOSURE_EN,
    disclosureTextZh: raw?.disclosureTextZh ?? DEFAULT_DISCLOSURE_ZH,
    normaliseTerms: raw?.normaliseTerms ?? true,
    tickers: raw?.tickers ?? DEFAULT_TICKERS,
  };
}
